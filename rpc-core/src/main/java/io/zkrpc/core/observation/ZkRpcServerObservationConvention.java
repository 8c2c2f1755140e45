package io.zkrpc.core.observation;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The names and keys of {@code zkrpc.server.requests} observations. Implement it (or extend
 * {@link DefaultZkRpcServerObservationConvention}) to change them; with the Spring Boot starter, a
 * bean of this type replaces the default.
 */
public interface ZkRpcServerObservationConvention extends ObservationConvention<ZkRpcServerContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ZkRpcServerContext;
    }
}
