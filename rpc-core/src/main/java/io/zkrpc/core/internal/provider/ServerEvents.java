package io.zkrpc.core.internal.provider;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.provider.RpcServerListener;

/** The listeners of one provider as one, each shielded from the others: one that throws is logged at DEBUG and skipped. */
final class ServerEvents implements RpcServerListener {

    private static final Logger log = LoggerFactory.getLogger(ServerEvents.class);

    private final List<RpcServerListener> listeners;

    ServerEvents(List<? extends RpcServerListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void onRejected(RpcErrorCode code) {
        for (RpcServerListener listener : listeners) {
            try {
                listener.onRejected(code);
            } catch (RuntimeException e) {
                log.debug("Server listener {} failed: {}", listener, e.toString());
            }
        }
    }
}
