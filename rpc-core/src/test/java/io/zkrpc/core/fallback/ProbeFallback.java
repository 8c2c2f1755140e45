package io.zkrpc.core.fallback;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.zkrpc.core.testsupport.Dto;
import io.zkrpc.core.testsupport.Probe;

/** A fallback of {@link Probe} that answers -1, or items named "fallback", and counts its answers per method. */
final class ProbeFallback implements Probe {

    static final int ANSWER = -1;

    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();

    int answers(String method) {
        AtomicInteger count = answers.get(method);
        return count == null ? 0 : count.get();
    }

    private int answer(String method) {
        answers.computeIfAbsent(method, key -> new AtomicInteger()).incrementAndGet();
        return ANSWER;
    }

    @Override
    public int write() {
        return answer("write");
    }

    @Override
    public int read() {
        return answer("read");
    }

    @Override
    public int slow(int millis) {
        return answer("slow");
    }

    @Override
    public int slowToo(int millis) {
        throw new IllegalStateException("the fallback of slowToo fails too");
    }

    @Override
    public int slowAnnotated(int millis) {
        return answer("slowAnnotated");
    }

    @Override
    public List<Dto> list(int n) {
        answer("list");
        return List.of(new Dto(0, "fallback"));
    }

    @Override
    public CompletableFuture<List<Dto>> listLater(int n) {
        answer("listLater");
        return CompletableFuture.completedFuture(List.of(new Dto(0, "fallback")));
    }

    @Override
    public CompletableFuture<String> failLater(String message) {
        answer("failLater");
        return CompletableFuture.completedFuture("fallback");
    }
}
