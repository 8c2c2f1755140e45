package io.zkrpc.core.testsupport;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.zkrpc.core.annotation.RpcMethod;

/**
 * The service of the failure tests. Every method tells which provider ran it (its port), so that
 * a test sees where each call went; {@link ProbeProvider} counts the executions per method.
 */
public interface Probe {

    /** Not idempotent: running it twice is not the same as once. Answers the provider's port. */
    int write();

    /** Idempotent: safe to run again elsewhere after a timeout. Answers the provider's port. */
    @RpcMethod(idempotent = true)
    int read();

    /** Answers the provider's port after {@code millis}: the method's own work time. */
    int slow(int millis);

    /** {@link #slow}, under another name, for per-method settings. */
    int slowToo(int millis);

    /** {@link #slow}, with a timeout of its own. */
    @RpcMethod(timeout = "200ms")
    int slowAnnotated(int millis);

    /** {@code n} items, each named after the provider's port. */
    List<Dto> list(int n);

    /** {@link #list}, completed by the provider on another thread once the test opens its gate. */
    CompletableFuture<List<Dto>> listLater(int n);

    /** Fails, on another thread of the provider, with a {@link ProbeException} carrying {@code message}. */
    CompletableFuture<String> failLater(String message);
}
