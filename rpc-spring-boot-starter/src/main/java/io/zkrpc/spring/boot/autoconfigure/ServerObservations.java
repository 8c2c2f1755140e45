package io.zkrpc.spring.boot.autoconfigure;

import io.zkrpc.core.internal.observation.ServerCallObserver;

/**
 * What {@link ZkRpcObservationAutoConfiguration} hands {@link ZkRpcProviderAutoConfiguration} to
 * observe the calls served: package-private, so that the observer is no bean an application could
 * declare or depend on.
 */
final class ServerObservations {

    private final ServerCallObserver observer;

    ServerObservations(ServerCallObserver observer) {
        this.observer = observer;
    }

    ServerCallObserver observer() {
        return observer;
    }
}
