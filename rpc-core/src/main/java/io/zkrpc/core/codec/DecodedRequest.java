package io.zkrpc.core.codec;

import java.util.Map;

import io.zkrpc.core.support.MethodDescriptor;

/**
 * A request as the provider decoded it.
 *
 * @param serviceId the interface name with its version
 * @param method the resolved method
 * @param arguments the arguments, each converted to the method's generic parameter type
 * @param attachments the call's string context
 */
public record DecodedRequest(String serviceId, MethodDescriptor method, Object[] arguments, Map<String, String> attachments) {
}
