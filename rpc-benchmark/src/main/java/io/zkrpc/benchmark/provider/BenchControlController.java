package io.zkrpc.benchmark.provider;

import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import io.zkrpc.benchmark.jvm.JvmMemory;
import io.zkrpc.benchmark.jvm.JvmMemory.HeapAfterGc;

/** Lets the driver measure this JVM: bytes allocated by its threads, and its heap after a full GC. */
@RestController
class BenchControlController {

    /** Bytes allocated so far by each live thread, by thread id. */
    @GetMapping("/bench/alloc")
    Map<Long, Long> allocatedBytesByThread() {
        return JvmMemory.allocatedBytesByThread();
    }

    /** Runs a full GC and answers the old generation and heap used right after it, in bytes. */
    @PostMapping("/bench/gc")
    HeapAfterGc collect() {
        return JvmMemory.collect();
    }
}
