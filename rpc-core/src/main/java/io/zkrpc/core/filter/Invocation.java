package io.zkrpc.core.filter;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.registry.ServiceKey;

/**
 * One call of a service method, as filters see it on the consumer and the provider side.
 *
 * @param service the service called
 * @param method the prepared model of the method called
 * @param arguments the arguments, as passed by the caller; not copied, not to be changed
 * @param attachments string context that travels with the call (trace id, gray tag, ...)
 */
public record Invocation(ServiceKey service, MethodDescriptor method, Object[] arguments, Map<String, String> attachments) {

    private static final Object[] NO_ARGUMENTS = {};

    public Invocation {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(method, "method");
        arguments = arguments == null ? NO_ARGUMENTS : arguments;
        attachments = attachments == null || attachments.isEmpty() ? Map.of() : Map.copyOf(attachments);
    }

    /** This invocation with one more attachment. */
    public Invocation withAttachment(String key, String value) {
        Map<String, String> copy = new HashMap<>(attachments);
        copy.put(key, value);
        return new Invocation(service, method, arguments, copy);
    }

    /** The attachment {@code key}, or {@code null}. */
    public String attachment(String key) {
        return attachments.get(key);
    }

    @Override
    public String toString() {
        return service + "#" + method.signature();
    }
}
