package io.zkrpc.core.internal.provider;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Filter;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.codec.DecodedRequest;
import io.zkrpc.core.internal.codec.Codec;
import io.zkrpc.core.internal.context.CallContext;
import io.zkrpc.core.internal.observation.Scope;
import io.zkrpc.core.internal.observation.ServerCallObserver;
import io.zkrpc.core.internal.security.SignatureVerifier;
import io.zkrpc.core.provider.RequestLimits;
import io.zkrpc.core.provider.RpcServerListener;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.security.CallAuthentication;

/**
 * The provider side of a call, independent of the HTTP server that carries it: reads and decodes
 * the request, resolves the exported service and method, checks the caller's deadline, runs the
 * provider filters and the bean, and encodes the result or the failure. Every outcome of a call is
 * an {@link EncodedResponse}.
 *
 * <p>It also counts calls in flight, so that a shutdown can refuse new calls and wait for the
 * running ones.
 */
public final class ProviderDispatcher {

    private static final Logger log = LoggerFactory.getLogger(ProviderDispatcher.class);

    private final String environment;
    private final List<Filter> filters;
    private final RequestLimits limits;
    private final Codec codec = Codec.JSON_CODEC;
    private final Responses responses = new Responses(codec);
    /** Answers in JSONB, to requests that came in JSONB (issue 15: the binary codec option). */
    private final Responses jsonbResponses = new Responses(Codec.JSONB_CODEC);
    private final ExportTable exports = new ExportTable();
    private final DrainGate gate = new DrainGate();
    private final SignatureVerifier verifier;
    /** What watches each call served (observations, access log), or {@code null}: then a call allocates nothing for it. */
    private final ServerCallObserver observer;
    /** Told of the requests refused before they reach a method, or {@code null} for none. */
    private final ServerEvents events;

    /**
     * @param environment the environment the services are exported in
     * @param filters the provider filters, outermost first
     */
    public ProviderDispatcher(String environment, List<? extends Filter> filters) {
        this(environment, filters, RequestLimits.DEFAULTS, CallAuthentication.NONE);
    }

    /**
     * @param environment the environment the services are exported in
     * @param filters the provider filters, outermost first
     * @param limits what one request may hold and how fast its body must arrive
     * @param authentication the secrets a call's signature is checked against
     */
    public ProviderDispatcher(String environment, List<? extends Filter> filters, RequestLimits limits,
            CallAuthentication authentication) {
        this(environment, filters, limits, authentication, null);
    }

    /**
     * @param environment the environment the services are exported in
     * @param filters the provider filters, outermost first
     * @param limits what one request may hold and how fast its body must arrive
     * @param authentication the secrets a call's signature is checked against
     * @param observer what watches each call that reaches a method (see {@link ServerCallObserver#combine}), or {@code null}
     */
    public ProviderDispatcher(String environment, List<? extends Filter> filters, RequestLimits limits,
            CallAuthentication authentication, ServerCallObserver observer) {
        this(environment, filters, limits, authentication, observer, List.of());
    }

    /**
     * @param environment the environment the services are exported in
     * @param filters the provider filters, outermost first
     * @param limits what one request may hold and how fast its body must arrive
     * @param authentication the secrets a call's signature is checked against
     * @param observer what watches each call that reaches a method (see {@link ServerCallObserver#combine}), or {@code null}
     * @param listeners told of each request refused before it reaches a method, in order
     */
    public ProviderDispatcher(String environment, List<? extends Filter> filters, RequestLimits limits,
            CallAuthentication authentication, ServerCallObserver observer, List<? extends RpcServerListener> listeners) {
        this.observer = observer;
        this.events = listeners.isEmpty() ? null : new ServerEvents(listeners);
        this.environment = environment;
        this.filters = List.copyOf(filters);
        this.limits = Objects.requireNonNull(limits, "limits");
        this.verifier = SignatureVerifier.of(authentication);
    }

    /**
     * Exports {@code bean} as {@code serviceInterface} at {@code version}, preparing its methods.
     *
     * @throws IllegalStateException when that service and version is exported already
     */
    public ExportedService export(Class<?> serviceInterface, Object bean, String version) {
        ExportedService service = new ExportedService(ServiceKey.of(serviceInterface, version, environment), serviceInterface, bean, filters);
        exports.add(service);
        return service;
    }

    /** Every exported service. */
    public Collection<ExportedService> services() {
        return exports.all();
    }

    /**
     * Handles one request. The response is complete at once unless the method is asynchronous and
     * its future is not yet complete.
     *
     * @param body the request body, read here
     * @param contentLength the body's length when the transport knows it, else -1
     * @param maxRequestSize the largest body accepted; a larger one is answered with
     *                       {@link RpcErrorCode#PAYLOAD_TOO_LARGE}
     * @param receivedNanos when the request arrived ({@link System#nanoTime()}): the time since counts
     *                      against the caller's deadline
     * @throws IOException not any more: a body that cannot be read is answered with {@code BAD_REQUEST};
     *                     still declared so that transports need not change
     * @throws VirtualMachineError never answered: a {@code StackOverflowError} or {@code OutOfMemoryError}
     *                             propagates to the transport
     */
    public CompletableFuture<EncodedResponse> dispatch(InputStream body, long contentLength, int maxRequestSize, long receivedNanos)
            throws IOException {
        return dispatch(body, contentLength, maxRequestSize, receivedNanos, name -> null);
    }

    /**
     * Handles one request, as {@link #dispatch(InputStream, long, int, long)} does, checking its
     * signature (see {@link CallAuthentication}) before decoding anything.
     *
     * @param headers the request's header of a name, {@code null} when absent
     */
    public CompletableFuture<EncodedResponse> dispatch(InputStream body, long contentLength, int maxRequestSize, long receivedNanos,
            Function<String, String> headers) throws IOException {
        return dispatch(body, contentLength, maxRequestSize, receivedNanos, headers, null);
    }

    /**
     * Handles one request, as {@link #dispatch(InputStream, long, int, long, Function)} does, for the
     * caller at {@code caller}.
     *
     * @param caller the caller's address as the transport sees it, for observations and the access log; {@code null} when unknown
     */
    public CompletableFuture<EncodedResponse> dispatch(InputStream body, long contentLength, int maxRequestSize, long receivedNanos,
            Function<String, String> headers, String caller) throws IOException {
        // Answered in the codec the request came in; the endpoint has refused the content types no codec reads.
        Codec wire = Codec.forContentType(headers.apply("Content-Type"));
        Responses responses = wire == Codec.JSONB_CODEC ? jsonbResponses : this.responses;
        RequestBody.Bytes bytes;
        try {
            // Signed calls: the exact body, verified before anything parses it; else a pooled buffer, given back once decoded.
            bytes = verifier.enabled()
                    ? exact(RequestBody.read(body, contentLength, maxRequestSize, limits, System::nanoTime))
                    : RequestBody.readPooled(body, contentLength, maxRequestSize, limits, System::nanoTime);
        } catch (RpcException e) {
            rejected(e.code(), caller);
            return CompletableFuture.completedFuture(responses.failure(null, e));
        } catch (IOException e) {
            // Most often a body that ends before its announced length; if the connection is gone, the answer is lost harmlessly.
            rejected(RpcErrorCode.BAD_REQUEST, caller);
            return CompletableFuture.completedFuture(responses.error(RpcErrorCode.BAD_REQUEST, "The body could not be read", null));
        }
        SignatureVerifier.Verdict verdict = verifier.verify(headers, bytes.array());
        if (verdict.refused()) {
            rejected(RpcErrorCode.UNAUTHENTICATED, caller);
            return CompletableFuture.completedFuture(responses.error(RpcErrorCode.UNAUTHENTICATED, verdict.refusal(), null));
        }
        if (!gate.enter()) {
            if (!verifier.enabled()) {
                RequestBody.release(bytes);
            }
            rejected(RpcErrorCode.SHUTTING_DOWN, caller);
            return CompletableFuture.completedFuture(responses.shuttingDown());
        }
        CompletableFuture<EncodedResponse> response;
        try {
            response = call(bytes, receivedNanos, verdict, caller, wire == null ? codec : wire, responses);
        } catch (RuntimeException | Error e) {
            gate.exit();
            throw e;
        }
        if (response.isDone()) {
            gate.exit();
            return response;
        }
        return response.whenComplete((answer, failure) -> gate.exit());
    }

    private static RequestBody.Bytes exact(byte[] body) {
        return new RequestBody.Bytes(body, body.length);
    }

    /** Whether calls must be signed, to some service at least. */
    public boolean authenticates() {
        return verifier.enabled();
    }

    /** An error response for a failure found by the transport before dispatching (such as the HTTP method). */
    public EncodedResponse error(RpcErrorCode code, String message) {
        return responses.error(code, message, null);
    }

    /**
     * An error response for a request the transport refuses before dispatching (such as its HTTP
     * method or origin), told to the observers and listeners as a rejection.
     *
     * @param caller the caller's address as the transport sees it; {@code null} when unknown
     */
    public EncodedResponse refuse(RpcErrorCode code, String message, String caller) {
        rejected(code, caller);
        return responses.error(code, message, null);
    }

    /** Whether an observer wants the caller's address: a transport may skip building it otherwise. */
    public boolean observesCallers() {
        return observer != null;
    }

    private void rejected(RpcErrorCode code, String caller) {
        if (events != null) {
            events.onRejected(code);
        }
        if (observer != null) {
            try {
                observer.rejected(code, caller);
            } catch (RuntimeException e) {
                // An observer must not change the answer.
                log.debug("An observer failed on a rejection: {}", e.toString());
            }
        }
    }

    /** From now on, answers every call with {@link RpcErrorCode#SHUTTING_DOWN}, which consumers may retry elsewhere. */
    public void stopAccepting() {
        gate.close();
    }

    /** Calls now running. */
    public int inFlight() {
        return gate.inFlight();
    }

    /**
     * Waits, once {@link #stopAccepting()} was called, until no call is running, at most {@code timeout}.
     *
     * @return whether every call finished in time
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        return gate.awaitIdle(timeout);
    }

    private CompletableFuture<EncodedResponse> call(RequestBody.Bytes body, long receivedNanos, SignatureVerifier.Verdict verdict,
            String caller, Codec codec, Responses responses) {
        Invocation invocation = null;
        ServerCallObserver.ServerCall watch = null;
        boolean admitted = false;
        try {
            DecodedRequest<ExportedMethod> request;
            try {
                request = codec.decodeRequest(body.array(), body.length(), limits, exports);
            } finally {
                if (!verifier.enabled()) {
                    RequestBody.release(body);
                }
            }
            ExportedMethod target = request.target();
            verifier.confirm(verdict, target.service().key(), target.descriptor());
            invocation = target.invocation(request.arguments(), request.attachments());
            long leftMillis = CallerDeadline.remainingMillis(invocation, receivedNanos);
            admitted = true;
            Object result;
            // The caller's attachments and deadline, for the filters and the bean on this thread, and the calls they make.
            CallContext previous = CallContext.serve(invocation.attachments(), leftMillis);
            try {
                if (observer == null) {
                    result = target.service().invoke(invocation);
                } else {
                    watch = observer.start(invocation, caller);
                    // Current on the thread that runs the bean: its logs and its own calls belong to the call.
                    try (Scope scope = watch.openScope()) {
                        result = target.service().invoke(invocation);
                    }
                }
            } finally {
                CallContext.restore(previous);
            }
            if (invocation.method().isAsync() && result instanceof CompletionStage<?> stage) {
                // Stopped by the answer once handed off; until then (a stage whose hand-off throws) by the catch below.
                CompletableFuture<EncodedResponse> answer = AsyncAnswer.of(stage, invocation, leftMillis, responses, watch);
                watch = null;
                return answer;
            }
            ServerCallObserver.ServerCall stopping = watch;
            watch = null;
            return CompletableFuture.completedFuture(responses.success(result, stopping));
        } catch (Throwable e) {
            if (!admitted) {
                // Not decoded, not signed for this method, or the caller's deadline already passed: no call was started.
                rejected(e instanceof RpcException rpc ? rpc.code() : RpcErrorCode.SERVICE_EXCEPTION, caller);
            }
            return CompletableFuture.completedFuture(responses.failure(invocation, e, watch));
        }
    }
}
