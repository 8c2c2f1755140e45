package io.zkrpc.core.internal.codec;

/**
 * The body of a failed call's response.
 *
 * @param code the {@link io.zkrpc.core.RpcErrorCode} name
 * @param message a readable message
 * @param exceptionType the class name of the exception raised on the provider, or {@code null}
 */
public record RemoteError(String code, String message, String exceptionType) {
}
