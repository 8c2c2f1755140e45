package io.zkrpc.core.provider;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.codec.DecodedRequest;
import io.zkrpc.core.codec.JsonCodec;
import io.zkrpc.core.codec.RemoteError;
import io.zkrpc.core.filter.Filter;
import io.zkrpc.core.filter.FilterChain;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.support.Futures;
import io.zkrpc.core.support.MethodDescriptor;

/**
 * The provider side of a call, independent of the HTTP server that carries it: decodes the
 * request, finds the exported method, runs the provider filters and the bean, and encodes the
 * result or the failure. It never throws: every outcome is an {@link EncodedResponse}.
 *
 * <p>It also counts calls in flight, so that a shutdown can refuse new calls and wait for the
 * running ones.
 */
public final class ProviderDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ProviderDispatcher.class);

    private final String environment;
    private final JsonCodec codec = new JsonCodec();
    private final Map<String, ExportedService> services = new ConcurrentHashMap<>();
    private final FilterChain chain;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();
    private volatile boolean accepting = true;

    /**
     * @param environment the environment the services are exported in
     * @param filters the provider filters, outermost first
     */
    public ProviderDispatcher(String environment, List<? extends Filter> filters) {
        this.environment = environment;
        this.chain = new FilterChain(filters, this::invokeBean);
    }

    /**
     * Exports {@code bean} as {@code serviceInterface} at {@code version}.
     *
     * @throws IllegalStateException when that service and version is exported already
     */
    public ExportedService export(Class<?> serviceInterface, Object bean, String version) {
        ServiceKey key = ServiceKey.of(serviceInterface, version, environment);
        ExportedService service = new ExportedService(key, serviceInterface, bean);
        ExportedService previous = services.putIfAbsent(key.serviceId(), service);
        if (previous != null) {
            throw new IllegalStateException("Service " + key + " is exported twice: by "
                    + previous.bean().getClass().getName() + " and " + bean.getClass().getName());
        }
        return service;
    }

    /** Every exported service. */
    public Collection<ExportedService> services() {
        return List.copyOf(services.values());
    }

    /** Handles one request body, waiting for an asynchronous method to complete. */
    public EncodedResponse dispatch(byte[] body) {
        return dispatchAsync(body).join();
    }

    /**
     * Handles one request body. The response is complete at once unless the method is
     * asynchronous and its future is not yet complete.
     */
    public CompletableFuture<EncodedResponse> dispatchAsync(byte[] body) {
        return dispatchAsync(body, System.nanoTime());
    }

    /**
     * Handles one request body that arrived at {@code receivedNanos} ({@link System#nanoTime()}):
     * the time since counts against the caller's deadline, so that a request that waited too long
     * for a thread is refused rather than run for a caller that gave up.
     */
    public CompletableFuture<EncodedResponse> dispatchAsync(byte[] body, long receivedNanos) {
        if (!accepting) {
            return CompletableFuture.completedFuture(shuttingDown());
        }
        inFlight.incrementAndGet();
        if (!accepting) {
            finished();
            return CompletableFuture.completedFuture(shuttingDown());
        }
        CompletableFuture<EncodedResponse> response;
        try {
            response = invoke(body, receivedNanos);
        } catch (RuntimeException | Error e) {
            finished();
            throw e;
        }
        if (response.isDone()) {
            finished();
            return response;
        }
        return response.whenComplete((answer, failure) -> finished());
    }

    private void finished() {
        if (inFlight.decrementAndGet() == 0 && !accepting) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    private EncodedResponse shuttingDown() {
        return error(RpcErrorCode.SHUTTING_DOWN, "The provider is shutting down", null);
    }

    /**
     * Reads a request body of at most {@code maxRequestSize} bytes from {@code body} and handles it;
     * a larger body is answered with {@link RpcErrorCode#PAYLOAD_TOO_LARGE}.
     */
    public CompletableFuture<EncodedResponse> dispatchAsync(InputStream body, int maxRequestSize) throws IOException {
        return dispatchAsync(body, maxRequestSize, System.nanoTime());
    }

    /** {@link #dispatchAsync(InputStream, int)} for a request that arrived at {@code receivedNanos} ({@link System#nanoTime()}). */
    public CompletableFuture<EncodedResponse> dispatchAsync(InputStream body, int maxRequestSize, long receivedNanos) throws IOException {
        return dispatchAsync(body, -1, maxRequestSize, receivedNanos);
    }

    /**
     * {@link #dispatchAsync(InputStream, int, long)} for a body whose length the transport knows
     * ({@code contentLength}, or -1): then it is read into an array of exactly that size.
     */
    public CompletableFuture<EncodedResponse> dispatchAsync(InputStream body, long contentLength, int maxRequestSize, long receivedNanos)
            throws IOException {
        if (contentLength > maxRequestSize) {
            return CompletableFuture.completedFuture(tooLarge(maxRequestSize));
        }
        byte[] bytes;
        if (contentLength >= 0) {
            bytes = new byte[(int) contentLength];
            if (body.readNBytes(bytes, 0, bytes.length) < bytes.length) {
                return CompletableFuture.completedFuture(error(RpcErrorCode.BAD_REQUEST, "Malformed request: the body is shorter than its "
                        + contentLength + " bytes", null));
            }
        } else {
            bytes = body.readNBytes(maxRequestSize);
            if (body.read() != -1) {
                return CompletableFuture.completedFuture(tooLarge(maxRequestSize));
            }
        }
        return dispatchAsync(bytes, receivedNanos);
    }

    private EncodedResponse tooLarge(int maxRequestSize) {
        return error(RpcErrorCode.PAYLOAD_TOO_LARGE, "The request is larger than " + maxRequestSize + " bytes", null);
    }

    /** An error response for a failure found by the transport before dispatching (size, media type). */
    public EncodedResponse error(RpcErrorCode code, String message, String exceptionType) {
        return new EncodedResponse(code.httpStatus(), codec.encodeError(new RemoteError(code.name(), message, exceptionType)));
    }

    /** From now on, answers every call with {@link RpcErrorCode#SHUTTING_DOWN}, which consumers may retry elsewhere. */
    public void stopAccepting() {
        accepting = false;
    }

    /** Calls now running. */
    public int inFlight() {
        return inFlight.get();
    }

    /**
     * Waits until no call is running, at most {@code timeout}.
     *
     * @return whether every call finished in time
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }

    private CompletableFuture<EncodedResponse> invoke(byte[] body, long received) {
        Invocation invocation = null;
        try {
            DecodedRequest request = codec.decodeRequest(body, this::resolve);
            ServiceKey key = services.get(request.serviceId()).key();
            invocation = new Invocation(key, request.method(), request.arguments(), request.attachments());
            long leftMillis = checkDeadline(invocation, received);
            Object result = chain.proceed(invocation);
            if (invocation.method().isAsync() && result instanceof CompletionStage<?> stage) {
                Invocation call = invocation;
                CompletableFuture<?> future = stage.toCompletableFuture();
                if (leftMillis > 0) {
                    // Answer when the caller stops waiting, rather than hold the request (and the drain) for a future that never ends.
                    future = future.copy().orTimeout(leftMillis, TimeUnit.MILLISECONDS);
                }
                // orTimeout fails the copy with a bare TimeoutException; the bean's own failures arrive wrapped.
                return future.handle((value, failure) -> failure == null ? success(value)
                        : failure instanceof TimeoutException
                                ? error(RpcErrorCode.TIMEOUT, call + " did not complete within the caller's " + leftMillis + " ms", null)
                                : failure(call, ownFailure(call, Futures.unwrap(failure))));
            }
            return CompletableFuture.completedFuture(success(result));
        } catch (Throwable e) {
            return CompletableFuture.completedFuture(failure(invocation, e));
        }
    }

    /**
     * Refuses to start work whose caller has already given up.
     *
     * @return the milliseconds the caller still waits, or -1 when it did not say
     */
    private static long checkDeadline(Invocation invocation, long received) {
        String timeout = invocation.attachment(JsonCodec.TIMEOUT_ATTACHMENT);
        if (timeout == null) {
            return -1;
        }
        long waitedMillis = (System.nanoTime() - received) / 1_000_000;
        long allowedMillis;
        try {
            allowedMillis = Long.parseLong(timeout);
        } catch (NumberFormatException e) {
            throw new RpcException(RpcErrorCode.BAD_REQUEST, "Malformed request: " + JsonCodec.TIMEOUT_ATTACHMENT + " is not a number: " + timeout);
        }
        if (waitedMillis >= allowedMillis) {
            throw new RpcException(RpcErrorCode.TIMEOUT, "The caller's deadline of " + allowedMillis + " ms passed before "
                    + invocation + " started");
        }
        return allowedMillis - waitedMillis;
    }

    private EncodedResponse success(Object result) {
        try {
            return new EncodedResponse(200, codec.encodeResult(result));
        } catch (RpcException e) {
            log.warn("Cannot encode a result: {}", e.getMessage());
            return error(e.code(), e.getMessage(), e.remoteType());
        }
    }

    private EncodedResponse failure(Invocation invocation, Throwable e) {
        if (e instanceof RpcException rpc) {
            log.debug("Call {} failed: {}", invocation == null ? "(undecoded)" : invocation, rpc.getMessage());
            return error(rpc.code(), rpc.getMessage(), rpc.remoteType());
        }
        if (e instanceof VirtualMachineError fatal && !(e instanceof StackOverflowError)) {
            throw fatal;
        }
        log.debug("Service method {} threw {}", invocation, e.toString());
        return error(RpcErrorCode.SERVICE_EXCEPTION, String.valueOf(e.getMessage()), e.getClass().getName());
    }

    private MethodDescriptor resolve(String serviceId, String methodName, List<String> parameterTypes) {
        ExportedService service = services.get(serviceId);
        if (service == null) {
            throw new RpcException(RpcErrorCode.UNKNOWN_SERVICE, "No service " + serviceId + " is exported here (exported: "
                    + services.keySet() + ")");
        }
        String signature = MethodDescriptor.signature(methodName, parameterTypes);
        MethodDescriptor method = service.method(signature);
        if (method == null) {
            throw new RpcException(RpcErrorCode.UNKNOWN_METHOD, "Service " + serviceId + " has no method " + signature);
        }
        return method;
    }

    /**
     * The service's own call to another service failed: that is this service's failure, not this
     * provider's, so it must not read as "connect failed" or "shutting down" to a caller that would
     * retry it elsewhere.
     */
    private static Throwable ownFailure(Invocation invocation, Throwable failure) {
        if (failure instanceof RpcException nested) {
            return new RpcException(RpcErrorCode.SERVICE_EXCEPTION, invocation + " failed: " + nested.getMessage(),
                    RpcException.class.getName(), nested);
        }
        return failure;
    }

    private Object invokeBean(Invocation invocation) throws Exception {
        Object bean = services.get(invocation.service().serviceId()).bean();
        try {
            return invocation.method().method().invoke(bean, invocation.arguments());
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            cause = ownFailure(invocation, cause);
            if (cause instanceof Exception exception) {
                throw exception;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw e;
        } catch (IllegalAccessException e) {
            throw new RpcException(RpcErrorCode.PROVIDER_ERROR, "Cannot invoke " + invocation + ": " + e.getMessage(), e);
        }
    }
}
