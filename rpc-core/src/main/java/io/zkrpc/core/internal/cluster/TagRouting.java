package io.zkrpc.core.internal.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.zkrpc.core.RpcContext;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;

/**
 * The built-in tag router, the first of every call, prepared once per instance snapshot so that
 * a call only picks one of the lists made here (or the snapshot itself when no instance has a tag
 * and no gray rule is in force: then an untagged call costs one field read).
 *
 * <ul>
 * <li>A call whose attachment {@value RpcContext#TAG} is {@code T} goes to the instances tagged
 * {@code T}; when none is: to the untagged instances, or to none with {@code tag-strict}.</li>
 * <li>An untagged call, while a gray rule {@code {tag, share}} is in force and some instance has
 * its tag, goes with probability {@code share} (drawn per call) to those instances, else to the
 * default pool.</li>
 * <li>The default pool: the untagged instances; when every instance has a tag, those without the
 * gray rule's tag; when none is left, all.</li>
 * </ul>
 * Dubbo's tag router differs in the last point: there an untagged call finds no provider once
 * every instance carries a tag; here it is served (a fleet whose every instance has a tag, blue
 * and green, still answers calls that name none). Dubbo gives tags to addresses by rules and has
 * no share; here an instance's tag is its own ({@code zkrpc.provider.tag}) and the rule sets the
 * share of untagged calls it takes.
 */
public final class TagRouting {

    /** The metadata key of an instance's tag. */
    public static final String TAG = "tag";

    private final List<Instance> all;
    /** Whether any instance has a tag or a gray rule is in force; otherwise every call takes {@link #all}. */
    private final boolean active;
    private final Map<String, List<Instance>> byTag;
    private final List<Instance> untagged;
    private final List<Instance> defaultPool;
    private final List<Instance> grayPool;
    private final double share;

    private TagRouting(List<Instance> all, ServiceRules.Gray gray) {
        this.all = all;
        Map<String, List<Instance>> tagged = new HashMap<>();
        List<Instance> plain = new ArrayList<>();
        for (Instance instance : all) {
            String tag = tagOf(instance);
            if (tag == null) {
                plain.add(instance);
            } else {
                tagged.computeIfAbsent(tag, key -> new ArrayList<>()).add(instance);
            }
        }
        this.active = !tagged.isEmpty() || gray != null;
        Map<String, List<Instance>> frozen = new HashMap<>();
        tagged.forEach((tag, instances) -> frozen.put(tag, List.copyOf(instances)));
        this.byTag = Map.copyOf(frozen);
        this.untagged = plain.size() == all.size() ? all : List.copyOf(plain);
        List<Instance> grayInstances = gray == null ? List.of() : byTag.getOrDefault(gray.tag(), List.of());
        this.grayPool = grayInstances;
        this.share = gray == null || grayInstances.isEmpty() ? 0 : gray.share();
        if (!untagged.isEmpty()) {
            this.defaultPool = untagged;
        } else if (grayInstances.isEmpty() || grayInstances.size() == all.size()) {
            this.defaultPool = all;
        } else {
            List<Instance> others = new ArrayList<>(all);
            others.removeAll(grayInstances);
            this.defaultPool = List.copyOf(others);
        }
    }

    /** The routing of {@code instances} under {@code gray}, a rule or {@code null}. */
    static TagRouting of(List<Instance> instances, ServiceRules.Gray gray) {
        return new TagRouting(instances, gray);
    }

    /** {@code instance}'s tag, or {@code null} when it has none (or a blank one). */
    public static String tagOf(Instance instance) {
        String tag = instance.metadata().get(TAG);
        return tag == null || tag.isBlank() ? null : tag.trim();
    }

    /**
     * The candidates of {@code invocation}: the snapshot itself, or one of the lists prepared for it.
     *
     * @param strict whether a tagged call that no instance's tag matches finds none rather than the untagged ones
     */
    public List<Instance> route(Invocation invocation, boolean strict) {
        if (!active) {
            if (strict && invocation.attachment(RpcContext.TAG) != null) {
                return List.of();
            }
            return all;
        }
        String tag = invocation.attachment(RpcContext.TAG);
        if (tag != null) {
            List<Instance> matching = byTag.get(tag);
            if (matching != null) {
                return matching;
            }
            return strict ? List.of() : untagged;
        }
        if (share > 0 && (share >= 1 || ThreadLocalRandom.current().nextDouble() < share)) {
            return grayPool;
        }
        return defaultPool;
    }

    /** Why {@link #route} left {@code invocation} no instance, as a clause for its error, or an empty string. */
    public static String emptied(Invocation invocation, boolean strict) {
        String tag = invocation.attachment(RpcContext.TAG);
        if (tag == null) {
            return "";
        }
        return "; no instance has tag '" + tag + "'" + (strict ? " and zkrpc.consumer.tag-strict is on"
                : " and none is untagged");
    }
}
