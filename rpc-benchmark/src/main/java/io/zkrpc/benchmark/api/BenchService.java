package io.zkrpc.benchmark.api;

import java.util.List;

/**
 * The benchmarked interface, served both through zkrpc and through the hand-written floor. Every
 * answer is deterministic (see {@link BenchData}) so that the driver can check each reply.
 */
public interface BenchService {

    /** A small DTO: an int in, a record with a {@code List<String>} out. */
    BenchDto findById(int id);

    /** The payload back, unchanged (the driver sends 1 KiB). */
    String echo(String payload);

    /** The first {@code count} DTOs (the driver asks for 100). */
    List<BenchDto> list(int count);

    /** A string of {@code size} ASCII characters, so {@code size} bytes of JSON string (the driver asks for 256 KiB). */
    String blob(int size);
}
