package io.zkrpc.core.provider;

import io.zkrpc.core.RpcErrorCode;

/**
 * Told of what a provider refuses before a call reaches a method of an exported service: a body
 * too large, slow or malformed, a missing or wrong signature, an unknown service or method, a
 * caller's deadline already passed, a request during shutdown, a refused content type or origin.
 * Those never become a {@code zkrpc.server.requests} observation; the Spring Boot starter counts
 * them as {@code zkrpc.server.rejected}, tagged with their error code.
 *
 * <p>Only the error code is given: nothing the caller sent (such as the service it named) is
 * trusted. The method has an empty default, runs on the request's thread, so it must be quick and
 * must not block. One that throws is logged at DEBUG and ignored: it never changes the answer.
 */
public interface RpcServerListener {

    /** A request was refused with {@code code}, which the caller is answered with. */
    default void onRejected(RpcErrorCode code) {
    }
}
