package io.zkrpc.core.observation;

import io.micrometer.common.KeyValues;

import io.zkrpc.core.observation.ZkRpcObservationDocumentation.LowCardinalityKeyNames;
import io.zkrpc.core.observation.ZkRpcObservationDocumentation.ServerHighCardinalityKeyNames;

/**
 * The default names and keys of the calls a provider serves: the observation
 * {@code zkrpc.server.requests}, named {@code <interface>/<method>} as a span; the keys
 * {@code rpc.system}, {@code rpc.service}, {@code rpc.method}, {@code outcome}, {@code error.code},
 * and the high-cardinality {@code client.address} (the caller's address, {@code unknown} when the
 * transport does not say).
 */
public class DefaultZkRpcServerObservationConvention implements ZkRpcServerObservationConvention {

    /** The observation's name, and so the name of its timer. */
    public static final String NAME = "zkrpc.server.requests";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ZkRpcServerContext context) {
        return ObservationKeys.spanName(context.getInvocation());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ZkRpcServerContext context) {
        return KeyValues.of(
                LowCardinalityKeyNames.RPC_SYSTEM.withValue(ObservationKeys.SYSTEM),
                LowCardinalityKeyNames.RPC_SERVICE.withValue(context.getInvocation().service().serviceId()),
                LowCardinalityKeyNames.RPC_METHOD.withValue(context.getInvocation().method().name()),
                LowCardinalityKeyNames.OUTCOME.withValue(context.getOutcome()),
                LowCardinalityKeyNames.ERROR_CODE.withValue(context.getErrorCode()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ZkRpcServerContext context) {
        String caller = context.getCallerAddress();
        return KeyValues.of(ServerHighCardinalityKeyNames.CLIENT_ADDRESS.withValue(caller == null ? "unknown" : caller));
    }
}
