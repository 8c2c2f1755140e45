package io.zkrpc.core.internal.contract;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.internal.support.LogText;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * Sends each method's calls only to the instances that export it, as their metadata says (see
 * {@link MethodDigests}): during a rolling upgrade that adds a method, its calls go to the upgraded
 * instances while the other methods' calls go everywhere. An instance that publishes no readable
 * list (a provider from before this, or hostile metadata) is taken to export every method.
 *
 * <p>Prepared per instance-list snapshot, on the first call that sees it: when every instance
 * exports every method of the interface (the usual case), {@link #route} returns the list it was
 * given, with no allocation and no lookup. When the consumer and the providers disagree, one
 * WARN per distinct disagreement (per method missing somewhere, and whether it is missing
 * everywhere) names it; methods only the providers have are told once at INFO, since deploying
 * providers first is the safe order.
 */
public final class ContractRouter {

    private static final Logger log = LoggerFactory.getLogger(ContractRouter.class);
    /** Disagreements remembered as told; forgetting them past this many only repeats some logs. */
    private static final int MAX_TOLD = 64;
    /** Instances named in one message; the rest are counted. */
    private static final int MAX_NAMED = 10;
    /** Characters of a version taken from the registry into a message. */
    private static final int MAX_VERSION_CHARS = 40;

    private final ServiceKey service;
    private final String metadataKey;
    /** Digest by signature, of every remote method of the consumer's interface. */
    private final Map<String, String> digests;
    /** The digests of every method of the consumer's interface, default ones included (providers export those too). */
    private final Set<String> ownDigests;
    private final Set<String> told = ConcurrentHashMap.newKeySet();
    private volatile Snapshot snapshot = new Snapshot(null, null);

    /** @param type the consumer's interface of {@code service} */
    public ContractRouter(ServiceKey service, Class<?> type) {
        this.service = service;
        this.metadataKey = MethodDigests.key(service);
        Map<String, String> remote = new TreeMap<>();
        Set<String> own = new HashSet<>();
        for (MethodDescriptor method : MethodDescriptor.forInterface(type).values()) {
            String digest = MethodDigests.of(method.signature());
            own.add(digest);
            // A default method runs on the proxy: only the abstract ones are called remotely.
            if (!method.method().isDefault()) {
                remote.put(method.signature(), digest);
            }
        }
        this.digests = remote;
        this.ownDigests = Set.copyOf(own);
    }

    /**
     * The instances of {@code known} that export the invoked method: {@code known} itself when all
     * do, an empty list when none does (then {@link #refusal} explains).
     *
     * @param known the directory's snapshot, compared by identity
     */
    public List<Instance> route(List<Instance> known, Invocation invocation) {
        Snapshot current = snapshot;
        if (current.instances != known) {
            current = prepare(known);
        }
        if (current.narrowed == null) {
            return known;
        }
        List<Instance> narrowed = current.narrowed.get(invocation.method().signature());
        return narrowed == null ? known : narrowed;
    }

    /**
     * The failure of a call whose method no instance of {@code known} exports, naming the method and
     * each instance with its version; {@code null} when some instance exports it, or none is known.
     * For the failure path only.
     */
    public RpcException refusal(List<Instance> known, Invocation invocation) {
        if (known.isEmpty() || !route(known, invocation).isEmpty()) {
            return null;
        }
        return new RpcException(RpcErrorCode.UNKNOWN_METHOD, "No instance of " + service + " exports "
                + invocation.method().signature() + ", which the consumer's interface has: " + withVersions(known)
                + "; deploy providers before the consumers that call their new methods (calling " + invocation + ")");
    }

    private Snapshot prepare(List<Instance> known) {
        List<Set<String>> exported = new ArrayList<>(known.size());
        int unreadable = 0;
        Set<String> extra = new HashSet<>();
        for (Instance instance : known) {
            String published = instance.metadata().get(metadataKey);
            Set<String> methods = MethodDigests.parse(published);
            if (methods == null && published != null) {
                unreadable++;
            }
            exported.add(methods);
            if (methods != null) {
                for (String digest : methods) {
                    if (!ownDigests.contains(digest)) {
                        extra.add(digest);
                    }
                }
            }
        }
        Map<String, List<Instance>> narrowed = null;
        for (Map.Entry<String, String> method : digests.entrySet()) {
            List<Instance> serving = new ArrayList<>(known.size());
            for (int i = 0; i < known.size(); i++) {
                Set<String> methods = exported.get(i);
                if (methods == null || methods.contains(method.getValue())) {
                    serving.add(known.get(i));
                }
            }
            if (serving.size() < known.size()) {
                if (narrowed == null) {
                    narrowed = new HashMap<>();
                }
                narrowed.put(method.getKey(), List.copyOf(serving));
            }
        }
        Snapshot prepared = new Snapshot(known, narrowed);
        snapshot = prepared;
        tell(known, narrowed, unreadable, extra.size());
        return prepared;
    }

    /** Logs a disagreement once: a WARN for methods missing somewhere or metadata unreadable, an INFO for extra methods. */
    private void tell(List<Instance> known, Map<String, List<Instance>> narrowed, int unreadable, int extra) {
        if (narrowed != null || unreadable > 0) {
            StringBuilder key = new StringBuilder("missing");
            StringBuilder text = new StringBuilder();
            if (narrowed != null) {
                for (Map.Entry<String, List<Instance>> method : new TreeMap<>(narrowed).entrySet()) {
                    List<Instance> serving = method.getValue();
                    key.append(' ').append(method.getKey()).append(serving.isEmpty() ? "=none" : "=some");
                    text.append(text.isEmpty() ? "" : "; ").append(method.getKey());
                    if (serving.isEmpty()) {
                        text.append(" is exported by none of the ").append(known.size())
                                .append(" instance(s), its calls fail with UNKNOWN_METHOD");
                    } else {
                        text.append(" is exported by ").append(serving.size()).append(" of ").append(known.size())
                                .append(" instance(s) (").append(named(serving)).append("), its calls go there only");
                    }
                }
            }
            if (unreadable > 0) {
                key.append(" unreadable");
                text.append(text.isEmpty() ? "" : "; ").append(unreadable)
                        .append(" instance(s) publish an unreadable method list, taken to export every method");
            }
            if (remember(key.toString())) {
                log.atWarn().addKeyValue("service", service.toString())
                        .log("The instances of {} disagree with the consumer's interface: {}; instances: {}",
                                service, text, withVersions(known));
            }
        }
        if (extra > 0 && remember("extra " + extra)) {
            log.atInfo().addKeyValue("service", service.toString())
                    .log("Instances of {} export {} method(s) the consumer's interface does not have (providers are newer; "
                            + "nothing calls them)", service, extra);
        }
    }

    private boolean remember(String disagreement) {
        if (told.size() >= MAX_TOLD) {
            told.clear();
        }
        return told.add(disagreement);
    }

    private static String named(List<Instance> instances) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(instances.size(), MAX_NAMED); i++) {
            text.append(i == 0 ? "" : ", ").append(instances.get(i).address());
        }
        if (instances.size() > MAX_NAMED) {
            text.append(" and ").append(instances.size() - MAX_NAMED).append(" more");
        }
        return text.toString();
    }

    /** {@code 127.0.0.1:8081 (version 1.0), 127.0.0.1:8082 (version unknown)}, at most {@value #MAX_NAMED} named. */
    static String withVersions(List<Instance> instances) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < Math.min(instances.size(), MAX_NAMED); i++) {
            String version = instances.get(i).metadata().get(MethodDigests.VERSION_KEY);
            text.append(i == 0 ? "" : ", ").append(instances.get(i).address())
                    .append(" (version ").append(version == null ? "unknown" : printable(version)).append(')');
        }
        if (instances.size() > MAX_NAMED) {
            text.append(" and ").append(instances.size() - MAX_NAMED).append(" more");
        }
        return text.toString();
    }

    /** A version from the registry as a message may hold it: cut short, control characters replaced. */
    private static String printable(String version) {
        return LogText.clean(version, MAX_VERSION_CHARS);
    }

    /**
     * The routing of one instance list.
     *
     * @param instances the list, compared by identity; {@code null} before the first
     * @param narrowed the instances exporting each method that not every instance exports; {@code null} when every one exports every method
     */
    private record Snapshot(List<Instance> instances, Map<String, List<Instance>> narrowed) {
    }
}
