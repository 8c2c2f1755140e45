package io.zkrpc.core.internal.provider;

import java.util.Map;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;

/**
 * What a request resolves to: an exported service and one method of its interface, found together
 * in one lookup.
 *
 * @param service the exported service
 * @param descriptor the method, whose generic parameter types the arguments decode to
 */
record ExportedMethod(ExportedService service, MethodDescriptor descriptor) {

    /** The invocation of this method with {@code arguments} and {@code attachments}. */
    Invocation invocation(Object[] arguments, Map<String, String> attachments) {
        return new Invocation(service.key(), descriptor, arguments, attachments);
    }
}
