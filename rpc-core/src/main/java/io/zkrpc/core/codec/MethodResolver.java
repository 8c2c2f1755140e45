package io.zkrpc.core.codec;

import java.util.List;

import io.zkrpc.core.RpcException;
import io.zkrpc.core.support.MethodDescriptor;

/** Finds the exported method a request names, so that its arguments decode to the declared types. */
@FunctionalInterface
public interface MethodResolver {

    /**
     * @throws RpcException {@code UNKNOWN_SERVICE} or {@code UNKNOWN_METHOD} when there is none
     */
    MethodDescriptor resolve(String serviceId, String methodName, List<String> parameterTypes);
}
