package io.zkrpc.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and keys of {@code zkrpc.client.requests} observations. Implement it (or extend
 * {@link DefaultZkRpcClientObservationConvention}) to change them; with the Spring Boot starter, a
 * bean of this type replaces the default.
 */
public interface ZkRpcClientObservationConvention extends ObservationConvention<ZkRpcClientContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ZkRpcClientContext;
    }
}
