package io.zkrpc.core.internal.cluster;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.cluster.Isolation;
import io.zkrpc.core.consumer.RpcClientListener;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/** The listeners of one client as one, each shielded from the others: one that throws is logged at DEBUG and skipped. */
public final class ClientEvents implements RpcClientListener {

    /** No listener at all. */
    public static final ClientEvents NONE = new ClientEvents(List.of());

    private static final Logger log = LoggerFactory.getLogger(ClientEvents.class);

    private final List<RpcClientListener> listeners;

    public ClientEvents(List<RpcClientListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onSubscribed(ServiceKey service) {
        for (RpcClientListener listener : listeners) {
            try {
                listener.onSubscribed(service);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void onRetry(ServiceKey service, RpcErrorCode reason) {
        for (RpcClientListener listener : listeners) {
            try {
                listener.onRetry(service, reason);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void onRetryRefused(ServiceKey service, RpcErrorCode reason) {
        for (RpcClientListener listener : listeners) {
            try {
                listener.onRetryRefused(service, reason);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void onFallback(ServiceKey service, String method, RpcErrorCode reason) {
        for (RpcClientListener listener : listeners) {
            try {
                listener.onFallback(service, method, reason);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void onStale(ServiceKey service, String method, RpcErrorCode reason) {
        for (RpcClientListener listener : listeners) {
            try {
                listener.onStale(service, method, reason);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void onIsolated(Instance instance, Isolation isolation) {
        for (RpcClientListener listener : listeners) {
            try {
                listener.onIsolated(instance, isolation);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    @Override
    public void onRestored(Instance instance) {
        for (RpcClientListener listener : listeners) {
            try {
                listener.onRestored(instance);
            } catch (RuntimeException e) {
                failed(listener, e);
            }
        }
    }

    private static void failed(RpcClientListener listener, RuntimeException e) {
        log.debug("The client listener {} failed: {}", listener, e.toString());
    }
}
