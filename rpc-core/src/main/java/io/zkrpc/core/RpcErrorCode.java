package io.zkrpc.core;

/**
 * Stable error codes of the RPC machinery. The name travels over the wire; the HTTP status is
 * the one a provider answers with when it raises the code.
 */
public enum RpcErrorCode {

    /** No instance of the service is known, or routing left none. */
    NO_PROVIDER(503, true, Retry.NEVER),
    /** A connection to the chosen instance could not be opened; nothing was sent. */
    CONNECT_FAILED(503, true, Retry.ALWAYS),
    /** The connection broke after the request may have been sent. */
    NETWORK_ERROR(502, false, Retry.IF_IDEMPOTENT),
    /** The call did not complete within its timeout. */
    TIMEOUT(504, false, Retry.IF_IDEMPOTENT),
    /** The request could not be decoded, or its arguments do not fit the method. */
    BAD_REQUEST(400, false, Retry.NEVER),
    /**
     * The instance does not export the requested service and version: nothing ran there, so the
     * call goes to another instance, and the instance (registered for a service it does not serve,
     * such as a crashed provider's address reused by another application) leaves the rotation.
     */
    UNKNOWN_SERVICE(404, true, Retry.ALWAYS),
    /**
     * The exported interface has no method with that name and those parameter types: the caller's
     * interface is newer than the provider's. Nothing ran, but it is not retried: another instance
     * of the same deployment would answer the same, and every call of such a method would cost
     * its retries and drain the retry budget of the service's other methods (deploy providers
     * before the consumers that call their new methods).
     */
    UNKNOWN_METHOD(404, true, Retry.NEVER),
    /**
     * The call's signature is missing, wrong, expired or replayed (see {@code CallAuthentication}):
     * a configuration error, never retried and never held against the instance.
     */
    UNAUTHENTICATED(401, true, Retry.NEVER),
    /** The request body is larger than the provider accepts, or the reply larger than the consumer accepts. */
    PAYLOAD_TOO_LARGE(413, false, Retry.NEVER),
    /** The request's {@code Content-Type} is not zkrpc's ({@code application/json}); nothing was decoded. */
    UNSUPPORTED_MEDIA_TYPE(415, true, Retry.NEVER),
    /** The request came from a web page (it carries a browser's {@code Origin} header) that the provider does not allow. */
    FORBIDDEN(403, true, Retry.NEVER),
    /** A value could not be encoded or decoded as the declared type. */
    SERIALIZATION(500, false, Retry.NEVER),
    /** The service method threw an exception that the caller cannot receive as its own type. */
    SERVICE_EXCEPTION(500, false, Retry.NEVER),
    /** The provider failed for a reason other than the service method. */
    PROVIDER_ERROR(500, false, Retry.IF_IDEMPOTENT),
    /** The provider is shutting down and accepts no new calls; nothing was executed. */
    SHUTTING_DOWN(503, true, Retry.ALWAYS),
    /** The registry could not be reached. */
    REGISTRY_UNAVAILABLE(503, false, Retry.NEVER);

    /** When a failure with the code may be tried again on another instance. */
    private enum Retry {
        ALWAYS, IF_IDEMPOTENT, NEVER
    }

    private final int httpStatus;
    private final boolean nothingExecuted;
    private final Retry retry;

    RpcErrorCode(int httpStatus, boolean nothingExecuted, Retry retry) {
        this.httpStatus = httpStatus;
        this.nothingExecuted = nothingExecuted;
        this.retry = retry;
    }

    /**
     * Whether a failure with this code says the instance failed to answer (it is down, hung,
     * broken or leaving, or serves another service), as opposed to the call or the service being at fault.
     */
    public boolean instanceFailure() {
        return switch (this) {
            case CONNECT_FAILED, NETWORK_ERROR, TIMEOUT, PROVIDER_ERROR, SHUTTING_DOWN, UNKNOWN_SERVICE -> true;
            default -> false;
        };
    }

    /**
     * Whether a failure with this code says the service could not answer, as opposed to answering
     * with its own exception or refusing a faulty call: the failures that a reference's fallback and
     * a method's stale-if-error answer. They are {@link #NO_PROVIDER}, {@link #CONNECT_FAILED},
     * {@link #NETWORK_ERROR}, {@link #TIMEOUT}, {@link #PROVIDER_ERROR}, {@link #SHUTTING_DOWN},
     * {@link #UNKNOWN_SERVICE} and {@link #REGISTRY_UNAVAILABLE}. Never a programming or
     * configuration error that an answer from elsewhere would hide ({@link #BAD_REQUEST},
     * {@link #UNKNOWN_METHOD}, {@link #UNAUTHENTICATED}, {@link #FORBIDDEN},
     * {@link #UNSUPPORTED_MEDIA_TYPE}, {@link #PAYLOAD_TOO_LARGE}, {@link #SERIALIZATION}), nor the
     * service's own exception ({@link #SERVICE_EXCEPTION}).
     */
    public boolean unavailable() {
        return instanceFailure() || this == NO_PROVIDER || this == REGISTRY_UNAVAILABLE;
    }

    /** The HTTP status a provider answers with for this code. */
    public int httpStatus() {
        return httpStatus;
    }

    /**
     * Whether a failure with this code guarantees that the service method did not run, so that
     * trying another instance is always safe.
     */
    public boolean nothingExecuted() {
        return nothingExecuted;
    }

    /**
     * Whether a failure with this code may be tried again on another instance: always when the
     * method certainly did not run there (connection refused, provider shutting down, service not
     * exported there); only for
     * an idempotent method when it may have run (timeout, broken connection, provider error);
     * never for the call's own fault (bad request, the service's exception), nor
     * when there is no instance to try.
     */
    public boolean retryable(boolean idempotent) {
        return retry == Retry.ALWAYS || retry == Retry.IF_IDEMPOTENT && idempotent;
    }

    /** The code named {@code name}, or {@link #PROVIDER_ERROR} for a name this version does not know. */
    public static RpcErrorCode fromName(String name) {
        if (name != null) {
            for (RpcErrorCode code : values()) {
                if (code.name().equals(name)) {
                    return code;
                }
            }
        }
        return PROVIDER_ERROR;
    }
}
