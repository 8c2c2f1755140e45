package io.zkrpc.core.internal.codec;

import java.util.Map;

/**
 * The body of a failed call's response.
 *
 * @param code the {@link io.zkrpc.core.RpcErrorCode} name
 * @param message a readable message
 * @param exceptionType the class name of the exception raised on the provider, or {@code null}
 * @param properties the exception's own properties as {@link ExceptionProperties} admits them, by
 *                   name, so that the caller can rebuild it with its fields; {@code null} when there
 *                   are none or they are not sent
 */
public record RemoteError(String code, String message, String exceptionType, Map<String, Object> properties) {

    /** An error without properties. */
    public RemoteError(String code, String message, String exceptionType) {
        this(code, message, exceptionType, null);
    }
}
