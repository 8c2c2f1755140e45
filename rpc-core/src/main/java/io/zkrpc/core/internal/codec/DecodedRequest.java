package io.zkrpc.core.internal.codec;

import java.util.Map;

/**
 * A request as the provider decoded it.
 *
 * @param target what the {@link MethodResolver} resolved the request's service and method to
 * @param arguments the arguments, each converted to the method's generic parameter type
 * @param attachments the call's string context
 * @param <T> what a request resolves to
 */
public record DecodedRequest<T>(T target, Object[] arguments, Map<String, String> attachments) {
}
