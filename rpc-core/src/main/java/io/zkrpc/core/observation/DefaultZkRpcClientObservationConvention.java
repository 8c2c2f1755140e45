package io.zkrpc.core.observation;

import io.micrometer.common.KeyValues;

import io.zkrpc.core.observation.ZkRpcObservationDocumentation.ClientHighCardinalityKeyNames;
import io.zkrpc.core.observation.ZkRpcObservationDocumentation.LowCardinalityKeyNames;
import io.zkrpc.core.registry.Instance;

/**
 * The default names and keys of a consumer's calls: the observation {@code zkrpc.client.requests},
 * named {@code <interface>/<method>} as a span (such as {@code io.example.UserService/findById});
 * the keys {@code rpc.system}, {@code rpc.service}, {@code rpc.method}, {@code outcome},
 * {@code error.code}, and the high-cardinality {@code server.address} ({@code host:port} of the
 * instance that answered or was tried last, {@code none} when none was).
 */
public class DefaultZkRpcClientObservationConvention implements ZkRpcClientObservationConvention {

    /** The observation's name, and so the name of its timer. */
    public static final String NAME = "zkrpc.client.requests";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ZkRpcClientContext context) {
        return ObservationKeys.spanName(context.getInvocation());
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ZkRpcClientContext context) {
        return KeyValues.of(
                LowCardinalityKeyNames.RPC_SYSTEM.withValue(ObservationKeys.SYSTEM),
                LowCardinalityKeyNames.RPC_SERVICE.withValue(context.getInvocation().service().serviceId()),
                LowCardinalityKeyNames.RPC_METHOD.withValue(context.getInvocation().method().name()),
                LowCardinalityKeyNames.OUTCOME.withValue(context.getOutcome()),
                LowCardinalityKeyNames.ERROR_CODE.withValue(context.getErrorCode()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ZkRpcClientContext context) {
        Instance instance = context.getInstance();
        return KeyValues.of(ClientHighCardinalityKeyNames.SERVER_ADDRESS.withValue(instance == null ? "none" : instance.address()));
    }
}
