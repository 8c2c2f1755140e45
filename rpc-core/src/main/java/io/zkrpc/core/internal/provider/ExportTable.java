package io.zkrpc.core.internal.provider;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.codec.MethodResolver;

/**
 * The services exported here, by service id; resolves a request to its service and method in one
 * lookup, keyed by what the request names as it is (no signature string built per call).
 */
final class ExportTable implements MethodResolver<ExportedMethod> {

    private final Map<String, ExportedService> services = new ConcurrentHashMap<>();
    private final Map<MethodKey, ExportedMethod> methods = new ConcurrentHashMap<>();

    /** A method as a request names it: service id, method name and parameter type names ({@link Class#getTypeName()}). */
    private record MethodKey(String serviceId, String methodName, List<String> parameterTypes) {
    }

    /**
     * Adds {@code service}.
     *
     * @throws IllegalStateException when that service and version is exported already
     */
    void add(ExportedService service) {
        ExportedService previous = services.putIfAbsent(service.key().serviceId(), service);
        if (previous != null) {
            throw new IllegalStateException("Service " + service.key() + " is exported twice: by "
                    + previous.bean().getClass().getName() + " and " + service.bean().getClass().getName());
        }
        for (ExportedMethod method : service.methods()) {
            methods.put(new MethodKey(service.key().serviceId(), method.descriptor().name(), method.descriptor().parameterTypeNames()), method);
        }
    }

    /** Every exported service. */
    Collection<ExportedService> all() {
        return List.copyOf(services.values());
    }

    @Override
    public ExportedMethod resolve(String serviceId, String methodName, List<String> parameterTypes) {
        ExportedMethod method = methods.get(new MethodKey(serviceId, methodName, parameterTypes));
        if (method != null) {
            return method;
        }
        if (!services.containsKey(serviceId)) {
            // Neither the list of services nor the requested name: the caller knows what it asked for.
            throw new RpcException(RpcErrorCode.UNKNOWN_SERVICE, "The service is not exported here");
        }
        throw new RpcException(RpcErrorCode.UNKNOWN_METHOD, "The service exports no method "
                + abbreviated(MethodDescriptor.signature(methodName, parameterTypes)));
    }

    /** The requested signature, cut short: a reply names what was asked for but never echoes a large input. */
    private static String abbreviated(String signature) {
        return signature.length() <= 200 ? signature : signature.substring(0, 200) + "…";
    }

    @Override
    public MethodDescriptor method(ExportedMethod target) {
        return target.descriptor();
    }
}
