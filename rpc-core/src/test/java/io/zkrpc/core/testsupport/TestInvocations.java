package io.zkrpc.core.testsupport;

import java.util.Map;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.registry.ServiceKey;

/** Builds invocations for unit tests. */
public final class TestInvocations {

    private TestInvocations() {
    }

    /** An invocation of {@code signature} (such as {@code find(int)}) of the unversioned {@code serviceInterface}. */
    public static Invocation invocation(Class<?> serviceInterface, String signature, Object... arguments) {
        return invocation(ServiceKey.of(serviceInterface, "", null), serviceInterface, signature, arguments);
    }

    /** An invocation of {@code signature} of {@code serviceInterface}, addressed to {@code service}. */
    public static Invocation invocation(ServiceKey service, Class<?> serviceInterface, String signature, Object... arguments) {
        MethodDescriptor method = MethodDescriptor.forInterface(serviceInterface).get(signature);
        if (method == null) {
            throw new IllegalArgumentException(serviceInterface.getName() + " has no method " + signature);
        }
        return new Invocation(service, method, arguments, Map.of());
    }
}
