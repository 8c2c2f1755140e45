package io.zkrpc.core.internal.provider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.codec.ExceptionProperties;
import io.zkrpc.core.internal.codec.Codec;
import io.zkrpc.core.internal.codec.JsonCodec;
import io.zkrpc.core.internal.codec.RemoteError;
import io.zkrpc.core.internal.observation.ServerCallObserver;

/**
 * Maps every outcome of a call to what the endpoint writes back: the result with status 200, or an
 * error body whose code fixes the status. A reply carries the failure's type and message (and,
 * for an exception the method declares or of the service interface's package, its own properties
 * as {@link ExceptionProperties} admits them, so that the caller can rebuild it), never its stack trace.
 */
final class Responses {

    private static final Logger log = LoggerFactory.getLogger(Responses.class);

    private final Codec codec;

    Responses(Codec codec) {
        this.codec = codec;
    }

    EncodedResponse success(Object result) {
        return success(result, null);
    }

    /**
     * The answer of a call that returned {@code result}, {@code watch} (when not {@code null})
     * stopped once it is encoded, with the outcome the caller will see: success, or the failure to
     * encode the result.
     */
    EncodedResponse success(Object result, ServerCallObserver.ServerCall watch) {
        EncodedResponse response;
        try {
            // JSON stays in the encoder's buffer until written; other codecs answer an array.
            response = codec instanceof JsonCodec json ? new EncodedResponse(200, json.encodeResultInPlace(result))
                    : new EncodedResponse(200, codec.encodeResult(result), codec.contentType());
        } catch (RpcException e) {
            // The detail names classes and the library: for the provider's log, not for the caller.
            log.warn("Cannot encode a result: {}", e.getMessage());
            String message = "The result could not be encoded";
            stop(watch, new RpcException(e.code(), message));
            return error(e.code(), message, null);
        } catch (RuntimeException | Error e) {
            stop(watch, e);
            throw e;
        }
        stop(watch, null);
        return response;
    }

    /**
     * The answer of {@code invocation} failing with {@code e}, as {@link #failure(Invocation, Throwable)},
     * {@code watch} (when not {@code null}) stopped once with that failure, also when it is rethrown.
     */
    EncodedResponse failure(Invocation invocation, Throwable e, ServerCallObserver.ServerCall watch) {
        EncodedResponse response;
        try {
            response = failure(invocation, e);
        } catch (RuntimeException | Error rethrown) {
            stop(watch, rethrown);
            throw rethrown;
        }
        stop(watch, e);
        return response;
    }

    private static void stop(ServerCallObserver.ServerCall watch, Throwable failure) {
        if (watch != null) {
            watch.stop(failure);
        }
    }

    /**
     * The failure of {@code invocation} ({@code null} when the request was not decoded): an
     * {@link RpcException} keeps its code, anything else is the service's own exception. A fatal
     * error of the JVM ({@code StackOverflowError}, {@code OutOfMemoryError}) is rethrown, never
     * answered: the JVM may be unusable after it, and the transport and operators must see it.
     */
    EncodedResponse failure(Invocation invocation, Throwable e) {
        if (e instanceof RpcException rpc) {
            log.debug("Call {} failed: {}", invocation == null ? "(undecoded)" : invocation, rpc.getMessage());
            return error(rpc.code(), rpc.getMessage(), rpc.remoteType());
        }
        if (e instanceof VirtualMachineError fatal) {
            throw fatal;
        }
        log.debug("Service method {} threw {}", invocation, e.toString());
        RemoteError error = new RemoteError(RpcErrorCode.SERVICE_EXCEPTION.name(), String.valueOf(e.getMessage()), e.getClass().getName(),
                ExceptionProperties.toSend(e, invocation));
        return new EncodedResponse(RpcErrorCode.SERVICE_EXCEPTION.httpStatus(), codec.encodeError(error), codec.contentType());
    }

    EncodedResponse shuttingDown() {
        return error(RpcErrorCode.SHUTTING_DOWN, "The provider is shutting down", null);
    }

    EncodedResponse error(RpcErrorCode code, String message, String exceptionType) {
        return new EncodedResponse(code.httpStatus(), codec.encodeError(new RemoteError(code.name(), message, exceptionType)),
                codec.contentType());
    }
}
