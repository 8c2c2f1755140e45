package io.zkrpc.spring.boot.console.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.zkrpc.core.cluster.Isolation;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.internal.provider.ExportedService;
import io.zkrpc.core.internal.provider.ProviderDispatcher;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.RegistryCenter;
import io.zkrpc.core.registry.RegistryStatus;
import io.zkrpc.core.registry.ServiceKey;

/**
 * What the console's data URL answers, as plain maps and lists for JSON: the registry's session,
 * the services this instance exports and whether they are registered, the services it subscribes
 * with their instances as this instance sees them, and the per-method figures. Everything comes
 * from memory (the registry client's state, the consumer's instance lists, the meters): a read
 * never reaches ZooKeeper.
 */
public final class ConsoleView {

    private final String application;
    private final RegistryCenter registry;
    private final RpcClient client;
    private final ProviderDispatcher dispatcher;
    private final CallFigures figures;

    /**
     * @param application the application's name, shown in the page's header
     * @param client the consumer, or {@code null} when there is none
     * @param dispatcher the provider's dispatcher, or {@code null} when there is none
     * @param figures the per-method figures, or {@code null} when calls are not measured
     */
    public ConsoleView(String application, RegistryCenter registry, RpcClient client, ProviderDispatcher dispatcher,
            CallFigures figures) {
        this.application = application;
        this.registry = registry;
        this.client = client;
        this.dispatcher = dispatcher;
        this.figures = figures;
    }

    /** The whole view, taken now. */
    public Map<String, Object> take() {
        RegistryStatus status = registry.status();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("application", application);
        view.put("time", Instant.now().toString());
        view.put("registry", registry(status));
        view.put("exported", exported(status));
        view.put("subscribed", subscribed(status));
        view.put("metrics", figures != null);
        view.put("methods", figures == null ? List.of() : figures.read());
        return view;
    }

    private static Map<String, Object> registry(RegistryStatus status) {
        Map<String, Object> registry = new LinkedHashMap<>();
        registry.put("name", status.registry());
        registry.put("connected", status.connected());
        Object session = status.details().get("sessionState");
        registry.put("state", session != null ? session.toString() : (status.connected() ? "CONNECTED" : "DISCONNECTED"));
        registry.put("session", status.details().get("session"));
        registry.put("lastChange", status.lastChange() == null ? null : status.lastChange().toString());
        registry.put("details", status.details());
        registry.put("conflicts", status.conflicts());
        return registry;
    }

    /**
     * The exported services; one is registered when one of the instance nodes that the registry
     * keeps for this process lies under the service's own node ({@code .../{service id}/...}).
     */
    private List<Map<String, Object>> exported(RegistryStatus status) {
        if (dispatcher == null) {
            return List.of();
        }
        List<Map<String, Object>> exported = new ArrayList<>();
        for (ExportedService service : dispatcher.services()) {
            ServiceKey key = service.key();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", key.interfaceName());
            row.put("version", key.version());
            row.put("environment", key.environment());
            String segment = "/" + key.serviceId() + "/";
            row.put("registered", status.registered().stream()
                    .anyMatch(path -> path.contains("/" + key.environment() + segment)));
            exported.add(row);
        }
        exported.sort((a, b) -> a.get("service").toString().compareTo(b.get("service").toString()));
        return exported;
    }

    private List<Map<String, Object>> subscribed(RegistryStatus status) {
        if (client == null) {
            return List.of();
        }
        Map<String, Isolation> isolated = client.isolatedInstances();
        List<Map<String, Object>> subscribed = new ArrayList<>();
        for (String name : status.subscriptions().keySet()) {
            Optional<ServiceKey> key = parse(name);
            if (key.isEmpty()) {
                continue;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("service", key.get().interfaceName());
            row.put("version", key.get().version());
            row.put("environment", key.get().environment());
            row.put("instances", instances(client.instances(key.get()), isolated));
            subscribed.add(row);
        }
        return subscribed;
    }

    private static List<Map<String, Object>> instances(Collection<Instance> instances, Map<String, Isolation> isolated) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Instance instance : instances) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("address", instance.address());
            row.put("url", instance.url());
            Isolation isolation = isolated.get(instance.address());
            row.put("isolated", isolation != null);
            row.put("isolatedReason", isolation == null ? null : isolation.reason());
            row.put("isolatedUntil", isolation == null ? null : isolation.until().toString());
            row.put("weight", instance.metadata().get("weight"));
            row.put("tag", instance.metadata().get("tag"));
            row.put("metadata", new TreeMap<>(instance.metadata()));
            rows.add(row);
        }
        rows.sort((a, b) -> a.get("address").toString().compareTo(b.get("address").toString()));
        return rows;
    }

    /**
     * The key of a subscription as {@link RegistryStatus#subscriptions()} names it, the
     * {@link ServiceKey#toString()} form {@code interface[:version]@environment}; empty for a name in
     * another form.
     */
    static Optional<ServiceKey> parse(String name) {
        int at = name.lastIndexOf('@');
        if (at <= 0 || at == name.length() - 1) {
            return Optional.empty();
        }
        String id = name.substring(0, at);
        int colon = id.indexOf(':');
        try {
            return Optional.of(colon < 0 ? new ServiceKey(id, "", name.substring(at + 1))
                    : new ServiceKey(id.substring(0, colon), id.substring(colon + 1), name.substring(at + 1)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
