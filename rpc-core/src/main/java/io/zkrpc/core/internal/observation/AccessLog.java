package io.zkrpc.core.internal.observation;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/**
 * The access log: one INFO line per call on the logger {@code io.zkrpc.access}, on the consumer
 * side when the call ends (after its retries) and on the provider side when the answer is ready,
 * with the same facts as SLF4J key/values for structured logging:
 * <pre>
 * zkrpc.client io.example.UserService/findById to 127.0.0.1:8081: SUCCESS in 3 ms, 1 attempt(s)
 * zkrpc.server io.example.UserService/findById from 127.0.0.1: SERVICE_EXCEPTION (UserMissingException) in 1 ms
 * zkrpc.server &lt;unresolved&gt; from 127.0.0.1: REJECTED (UNAUTHENTICATED)
 * </pre>
 */
public final class AccessLog {

    /** The logger's name; set it to WARN to silence the access log without changing the application. */
    public static final String LOGGER = "io.zkrpc.access";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    /** The outcome of a request refused before it reached a method. */
    static final String REJECTED = "REJECTED";

    /** The consumer side's access log. */
    public static final ClientCallObserver CLIENT = invocation -> new ClientEntry(invocation, System.nanoTime());

    /** The provider side's access log, with a line for each request refused before it reached a method. */
    public static final ServerCallObserver SERVER = new ServerCallObserver() {
        @Override
        public ServerCall start(Invocation invocation, String caller) {
            return new ServerEntry(invocation, caller, System.nanoTime());
        }

        @Override
        public void rejected(RpcErrorCode code, String caller) {
            // Nothing the caller sent is logged (the service or method it named may be anything): the code and the socket's address.
            String from = caller == null ? "unknown" : caller;
            log.atInfo()
                    .addKeyValue("side", "server")
                    .addKeyValue("caller", from)
                    .addKeyValue("outcome", REJECTED)
                    .addKeyValue("error", code.name())
                    .log("zkrpc.server <unresolved> from {}: REJECTED ({})", from, code.name());
        }
    };

    private AccessLog() {
    }

    private static String outcome(Throwable failure) {
        String outcome = CallOutcome.of(failure);
        return failure == null ? outcome : outcome + " (" + CallOutcome.errorCode(failure) + ")";
    }

    private static final class ClientEntry implements ClientCallObserver.ClientCall {

        private final Invocation invocation;
        private final long startNanos;
        private final CallAttempts attempts = new CallAttempts();

        ClientEntry(Invocation invocation, long startNanos) {
            this.invocation = invocation;
            this.startNanos = startNanos;
        }

        @Override
        public Invocation invocation() {
            return invocation;
        }

        @Override
        public void attempt(Instance instance) {
            attempts.attempted(instance);
        }

        @Override
        public void answered(Instance instance) {
            attempts.answered(instance);
        }

        @Override
        public Scope openScope() {
            return Scope.NONE;
        }

        @Override
        public void stop(Throwable failure) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            Instance instance = attempts.instance();
            String address = instance == null ? "none" : instance.address();
            String service = invocation.service().serviceId();
            String method = invocation.method().name();
            log.atInfo()
                    .addKeyValue("side", "client")
                    .addKeyValue("service", service)
                    .addKeyValue("method", method)
                    .addKeyValue("instance", address)
                    .addKeyValue("outcome", CallOutcome.of(failure))
                    .addKeyValue("error", CallOutcome.errorCode(failure))
                    .addKeyValue("durationMs", millis)
                    .addKeyValue("attempts", attempts.count())
                    .log("zkrpc.client {}/{} to {}: {} in {} ms, {} attempt(s)", service, method, address, outcome(failure), millis,
                            attempts.count());
        }
    }

    private static final class ServerEntry implements ServerCallObserver.ServerCall {

        private final Invocation invocation;
        private final String caller;
        private final long startNanos;

        ServerEntry(Invocation invocation, String caller, long startNanos) {
            this.invocation = invocation;
            this.caller = caller == null ? "unknown" : caller;
            this.startNanos = startNanos;
        }

        @Override
        public Scope openScope() {
            return Scope.NONE;
        }

        @Override
        public void stop(Throwable failure) {
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
            String service = invocation.service().serviceId();
            String method = invocation.method().name();
            log.atInfo()
                    .addKeyValue("side", "server")
                    .addKeyValue("service", service)
                    .addKeyValue("method", method)
                    .addKeyValue("caller", caller)
                    .addKeyValue("outcome", CallOutcome.of(failure))
                    .addKeyValue("error", CallOutcome.errorCode(failure))
                    .addKeyValue("durationMs", millis)
                    .log("zkrpc.server {}/{} from {}: {} in {} ms", service, method, caller, outcome(failure), millis);
        }
    }
}
