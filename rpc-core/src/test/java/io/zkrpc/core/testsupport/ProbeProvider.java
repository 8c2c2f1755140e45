package io.zkrpc.core.testsupport;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.zkrpc.core.provider.RpcServer;
import io.zkrpc.core.registry.Instance;

/**
 * One provider of {@link Probe}: counts its executions per method, and can hang (every
 * synchronous call blocks until {@link #recover()}) or hold its asynchronous answers until
 * {@link #openGate()}. {@link #close()} releases everything, so that no test leaves a thread
 * blocked.
 */
public final class ProbeProvider implements Probe, AutoCloseable {

    /** The longest any call blocks, should a test forget to release it. */
    private static final long MAX_BLOCK_SECONDS = 30;

    private final Map<String, AtomicInteger> executions = new ConcurrentHashMap<>();
    private final AtomicInteger blocked = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final ExecutorService completer = Executors.newCachedThreadPool();
    private volatile CountDownLatch hang;
    private volatile RpcServer server;

    void attach(RpcServer server) {
        this.server = server;
    }

    public RpcServer server() {
        return server;
    }

    public Instance instance() {
        return server.instance();
    }

    public int port() {
        return server.instance().port();
    }

    public String address() {
        return server.instance().address();
    }

    /** How many times {@code method} started here. */
    public int executions(String method) {
        AtomicInteger count = executions.get(method);
        return count == null ? 0 : count.get();
    }

    /** Calls blocked now by {@link #hang()}. */
    public int blocked() {
        return blocked.get();
    }

    /** From now on every synchronous call blocks until {@link #recover()}. */
    public void hang() {
        hang = new CountDownLatch(1);
    }

    /** Releases the blocked calls and answers normally again. */
    public void recover() {
        CountDownLatch current = hang;
        hang = null;
        if (current != null) {
            current.countDown();
        }
    }

    /** Lets {@link #listLater} complete. */
    public void openGate() {
        gate.countDown();
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
        return answerAfter("slow", millis);
    }

    @Override
    public int slowToo(int millis) {
        return answerAfter("slowToo", millis);
    }

    @Override
    public int slowAnnotated(int millis) {
        return answerAfter("slowAnnotated", millis);
    }

    @Override
    public List<Dto> list(int n) {
        answer("list");
        return items(n);
    }

    @Override
    public CompletableFuture<List<Dto>> listLater(int n) {
        count("listLater");
        return CompletableFuture.supplyAsync(() -> {
            await(gate, TimeUnit.SECONDS.toMillis(MAX_BLOCK_SECONDS));
            return items(n);
        }, completer);
    }

    @Override
    public CompletableFuture<String> failLater(String message) {
        count("failLater");
        return CompletableFuture.supplyAsync(() -> {
            throw new ProbeException(message);
        }, completer);
    }

    @Override
    public void close() {
        recover();
        openGate();
        closed.countDown();
        completer.shutdownNow();
    }

    private int answer(String method) {
        count(method);
        CountDownLatch current = hang;
        if (current != null) {
            blocked.incrementAndGet();
            try {
                await(current, TimeUnit.SECONDS.toMillis(MAX_BLOCK_SECONDS));
            } finally {
                blocked.decrementAndGet();
            }
        }
        return port();
    }

    /** Takes {@code millis} (less when the test ends first), as a slow service method would. */
    private int answerAfter(String method, int millis) {
        int port = answer(method);
        await(closed, millis);
        return port;
    }

    private void count(String method) {
        executions.computeIfAbsent(method, key -> new AtomicInteger()).incrementAndGet();
    }

    private List<Dto> items(int n) {
        return IntStream.range(0, n).mapToObj(i -> new Dto(i, "from-" + port())).toList();
    }

    private static void await(CountDownLatch latch, long millis) {
        try {
            latch.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
