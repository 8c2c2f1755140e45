package io.zkrpc.core.observation;

import io.zkrpc.core.filter.Invocation;

/** What the default conventions of both sides share. */
final class ObservationKeys {

    /** The value of {@code rpc.system}. */
    static final String SYSTEM = "zkrpc";

    private ObservationKeys() {
    }

    /** {@code <interface>/<method>}, as OpenTelemetry names RPC spans ({@code $service/$method}). */
    static String spanName(Invocation invocation) {
        return invocation.service().interfaceName() + "/" + invocation.method().name();
    }
}
