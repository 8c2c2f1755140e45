package io.zkrpc.spring.boot.console.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.zkrpc.spring.boot.actuate.ZkRpcStatus;

/**
 * What the console's data URL answers, as plain maps, lists and records for JSON: the application's
 * name, the time, under {@code status} what {@link ZkRpcStatus#read()} describes (the same model as
 * the {@code zkrpc} Actuator endpoint: the registry's session, the provider's state and registrations,
 * every subscribed instance as this consumer sees it), and the per-method figures. Everything comes
 * from memory (the registry client's state, the consumer's instance lists, the meters): a read never
 * reaches ZooKeeper.
 */
public final class ConsoleView {

    private final String application;
    private final ZkRpcStatus status;
    private final CallFigures figures;

    /**
     * @param application the application's name, shown in the page's header
     * @param status the status of the registry, the consumer and the provider
     * @param figures the per-method figures, or {@code null} when calls are not measured
     */
    public ConsoleView(String application, ZkRpcStatus status, CallFigures figures) {
        this.application = application;
        this.status = status;
        this.figures = figures;
    }

    /** The whole view, taken now. */
    public Map<String, Object> take() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("application", application);
        view.put("time", Instant.now().toString());
        view.put("status", status.read());
        view.put("metrics", figures != null);
        view.put("methods", figures == null ? List.of() : figures.read());
        return view;
    }
}
