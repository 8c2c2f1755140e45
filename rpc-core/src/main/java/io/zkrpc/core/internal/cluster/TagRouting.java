package io.zkrpc.core.internal.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import io.zkrpc.core.RpcContext;
import io.zkrpc.core.cluster.Weights;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.internal.support.LogText;
import io.zkrpc.core.registry.Instance;

/**
 * The built-in tag router, the first of every call, prepared once per instance snapshot so that
 * a call only picks one of the lists made here (or the snapshot itself when no instance has a tag
 * and no gray rule is in force: then an untagged call costs one field read).
 *
 * <ul>
 * <li>A call whose attachment {@value RpcContext#TAG} is {@code T} goes to the instances tagged
 * {@code T}. When none is, it goes where an untagged call goes when the gray draw passes it by
 * (the default pool below), or to none with {@code tag-strict}.</li>
 * <li>An untagged call, while a gray rule {@code {tag, share}} is in force and some instance has
 * its tag, goes with probability {@code share} (drawn per call) to those instances, else to the
 * default pool.</li>
 * <li>The default pool: the untagged instances; when every instance has a tag, those without the
 * gray rule's tag; when none is left, all.</li>
 * </ul>
 * Drained instances (weight 0) are left out of every group while any instance of the snapshot
 * weighs more, as the balancers leave them out of a list: a drained gray group gives its share
 * back to the default pool, and a drained default pool sends its calls to the gray instances, so
 * that weight 0 takes an instance out of rotation whatever its tag. Only when every instance is
 * drained do they serve (a drained service still answers), and a {@code tag-strict} call whose tag
 * only drained instances have goes to them rather than to none.
 *
 * <p>Dubbo's tag router differs on an untagged call once every instance carries a tag: there it
 * finds no provider; here it is served (a fleet whose every instance has a tag, blue and green,
 * still answers calls that name none), and so is a call naming a tag no instance has, unless
 * strict. Dubbo gives tags to addresses by rules and has no share; here an instance's tag is its
 * own ({@code zkrpc.provider.tag}) and the rule sets the share of untagged calls it takes.
 */
public final class TagRouting {

    /** The metadata key of an instance's tag. */
    public static final String TAG = "tag";

    /** The longest tag, as the rules accept it. */
    public static final int MAX_TAG_LENGTH = 64;

    private static final Pattern TAG_CHARACTERS = Pattern.compile("[A-Za-z0-9._-]+");

    /** How much of a call's tag an error message shows. */
    private static final int SHOWN_TAG_LENGTH = 64;

    private final List<Instance> all;
    /** Whether any instance has a tag or a gray rule is in force; otherwise every call takes {@link #all}. */
    private final boolean active;
    /** The instances of each tag that are not drained. */
    private final Map<String, List<Instance>> byTag;
    /** The instances of each tag that only drained instances have, for strict calls; usually empty. */
    private final Map<String, List<Instance>> drainedByTag;
    private final List<Instance> defaultPool;
    private final List<Instance> grayPool;
    private final double share;

    private TagRouting(List<Instance> all, ServiceRules.Gray gray) {
        this.all = all;
        // Weight 0 never changes with time (warm-up yields 1 at least), so the groups hold for the snapshot's life.
        List<Instance> live = Weights.eligible(all);
        Map<String, List<Instance>> tagged = groups(live);
        List<Instance> plain = new ArrayList<>();
        for (Instance instance : live) {
            if (tagOf(instance) == null) {
                plain.add(instance);
            }
        }
        Map<String, List<Instance>> drained = new HashMap<>();
        if (live != all) {
            groups(all).forEach((tag, instances) -> {
                if (!tagged.containsKey(tag)) {
                    drained.put(tag, instances);
                }
            });
        }
        this.active = !tagged.isEmpty() || !drained.isEmpty() || gray != null;
        this.byTag = Map.copyOf(tagged);
        this.drainedByTag = Map.copyOf(drained);
        List<Instance> untagged = plain.size() == all.size() ? all : List.copyOf(plain);
        List<Instance> grayInstances = gray == null ? List.of() : byTag.getOrDefault(gray.tag(), List.of());
        this.grayPool = grayInstances;
        this.share = gray == null || grayInstances.isEmpty() ? 0 : gray.share();
        if (!untagged.isEmpty()) {
            this.defaultPool = untagged;
        } else if (grayInstances.isEmpty() || grayInstances.size() == live.size()) {
            this.defaultPool = live == all ? all : List.copyOf(live);
        } else {
            List<Instance> others = new ArrayList<>(live);
            others.removeAll(grayInstances);
            this.defaultPool = List.copyOf(others);
        }
    }

    /** The tagged instances of {@code instances} by tag, each list immutable. */
    private static Map<String, List<Instance>> groups(List<Instance> instances) {
        Map<String, List<Instance>> tagged = new HashMap<>();
        for (Instance instance : instances) {
            String tag = tagOf(instance);
            if (tag != null) {
                tagged.computeIfAbsent(tag, key -> new ArrayList<>()).add(instance);
            }
        }
        tagged.replaceAll((tag, group) -> List.copyOf(group));
        return tagged;
    }

    /** The routing of {@code instances} under {@code gray}, a rule or {@code null}. */
    static TagRouting of(List<Instance> instances, ServiceRules.Gray gray) {
        return new TagRouting(instances, gray);
    }

    /**
     * {@code instance}'s tag, or {@code null} when it has none, or one no rule or call could name
     * (blank, too long, or of other characters than {@link #isValidTag} allows): such an instance is
     * routed as untagged.
     */
    public static String tagOf(Instance instance) {
        String tag = instance.metadata().get(TAG);
        if (tag == null || tag.length() > MAX_TAG_LENGTH + 64) {
            return null;
        }
        tag = tag.trim();
        return isValidTag(tag) ? tag : null;
    }

    /**
     * Whether {@code tag} is one an instance may carry and a rule may name: at most
     * {@value #MAX_TAG_LENGTH} letters, digits, {@code .}, {@code _} or {@code -}.
     */
    public static boolean isValidTag(String tag) {
        return tag != null && tag.length() <= MAX_TAG_LENGTH && TAG_CHARACTERS.matcher(tag).matches();
    }

    /**
     * The candidates of {@code invocation}: the snapshot itself, or one of the lists prepared for it.
     *
     * @param strict whether a tagged call that no instance's tag matches finds none rather than the default pool
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
            return strict ? drainedByTag.getOrDefault(tag, List.of()) : defaultPool;
        }
        if (share > 0 && (share >= 1 || ThreadLocalRandom.current().nextDouble() < share)) {
            return grayPool;
        }
        return defaultPool;
    }

    /**
     * Whether {@code invocation} keeps to the instances of its tag: it has one, and some instance
     * has that tag or {@code strict} holds (otherwise it goes as an untagged call does).
     */
    public boolean pinned(Invocation invocation, boolean strict) {
        String tag = invocation.attachment(RpcContext.TAG);
        return tag != null && (strict || byTag.containsKey(tag));
    }

    /**
     * Why {@link #route} left {@code invocation} no instance, as a clause for its error, or an
     * empty string; the tag, from the caller, shown cut short and with its control and format
     * characters replaced.
     */
    public static String emptied(Invocation invocation, boolean strict) {
        String tag = invocation.attachment(RpcContext.TAG);
        if (tag == null || !strict) {
            return "";
        }
        return "; no instance has tag '" + LogText.clean(tag, SHOWN_TAG_LENGTH) + "' and zkrpc.consumer.tag-strict is on";
    }
}
