package io.zkrpc.core.internal.provider;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.codec.MethodResolver;

/** The services exported here, by service id; resolves a request to its service and method in one lookup. */
final class ExportTable implements MethodResolver<ExportedMethod> {

    private final Map<String, ExportedService> services = new ConcurrentHashMap<>();

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
    }

    /** Every exported service. */
    Collection<ExportedService> all() {
        return List.copyOf(services.values());
    }

    @Override
    public ExportedMethod resolve(String serviceId, String methodName, List<String> parameterTypes) {
        ExportedService service = services.get(serviceId);
        if (service == null) {
            // Neither the list of services nor the requested name: the caller knows what it asked for.
            throw new RpcException(RpcErrorCode.UNKNOWN_SERVICE, "The service is not exported here");
        }
        String signature = MethodDescriptor.signature(methodName, parameterTypes);
        ExportedMethod method = service.method(signature);
        if (method == null) {
            throw new RpcException(RpcErrorCode.UNKNOWN_METHOD, "The service exports no method " + abbreviated(signature));
        }
        return method;
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
