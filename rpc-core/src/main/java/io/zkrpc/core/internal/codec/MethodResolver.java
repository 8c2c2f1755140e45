package io.zkrpc.core.internal.codec;

import java.util.List;

import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.MethodDescriptor;

/**
 * Finds what a request names, so that its arguments decode to the declared types. The provider
 * resolves to its own target (the exported service and method together, found in one lookup);
 * {@link #method} says which method's generic types the arguments take.
 *
 * @param <T> what a request resolves to
 */
public interface MethodResolver<T> {

    /**
     * @throws RpcException {@code UNKNOWN_SERVICE} or {@code UNKNOWN_METHOD} when there is none
     */
    T resolve(String serviceId, String methodName, List<String> parameterTypes);

    /** The method of a resolved target, whose generic parameter types the arguments are converted to. */
    MethodDescriptor method(T target);
}
