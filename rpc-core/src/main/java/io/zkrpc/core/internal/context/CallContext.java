package io.zkrpc.core.internal.context;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.zkrpc.core.internal.codec.JsonCodec;

/**
 * The state behind {@link io.zkrpc.core.RpcContext}, one per thread: the attachments set for the
 * thread's next call, and while a provider serves a call on the thread, the caller's attachments
 * and deadline. A served call gets a fresh state, and the thread's earlier one is restored after,
 * so that nothing of one call stays on a pooled thread for the next.
 */
public final class CallContext {

    /** The framework attachment an application sets to pin its calls to tagged instances. */
    public static final String TAG = "zkrpc.tag";
    /** The prefix of the framework's own attachments. */
    public static final String RESERVED_PREFIX = "zkrpc.";
    /** The longest attachment name a consumer may set. */
    public static final int MAX_NAME_LENGTH = 256;
    /** The longest attachment value a consumer may set. */
    public static final int MAX_VALUE_LENGTH = 8 * 1024;
    /** The most attachments one call may carry from the context (a provider accepts 64 by default, trace context included). */
    public static final int MAX_ATTACHMENTS = 32;

    private static final ThreadLocal<CallContext> CURRENT = ThreadLocal.withInitial(CallContext::new);

    /** The caller's attachments as they came, the framework's timeout possibly among them (left out when read). */
    private final Map<String, String> received;
    /** {@link #received} without the framework's timeout, made on first need: most calls never read it. */
    private Map<String, String> receivedOwn;
    /** The {@link System#nanoTime()} by which the caller of the served call stops waiting; meaningful when {@link #hasDeadline}. */
    private final long deadlineNanos;
    private final boolean hasDeadline;
    private Map<String, String> outgoing;
    /** Whether the answer of this thread's last call came from a method's stale-if-error store. */
    private boolean stale;

    private CallContext() {
        this(Map.of(), 0, false);
    }

    private CallContext(Map<String, String> received, long deadlineNanos, boolean hasDeadline) {
        this.received = received;
        this.deadlineNanos = deadlineNanos;
        this.hasDeadline = hasDeadline;
    }

    /** The calling thread's state. */
    public static CallContext current() {
        return CURRENT.get();
    }

    /**
     * Makes a call served on this thread current: its caller's {@code attachments} (the
     * framework's timeout left out) and its deadline.
     *
     * @param leftMillis the milliseconds the caller still waits, or -1 when it did not say
     * @return the thread's earlier state, to {@link #restore} when the bean returns
     */
    public static CallContext serve(Map<String, String> attachments, long leftMillis) {
        CallContext previous = CURRENT.get();
        // Kept as they came: every call carries the timeout, and copying the map to leave it out cost each served call a map.
        CURRENT.set(new CallContext(attachments, System.nanoTime() + leftMillis * 1_000_000, leftMillis >= 0));
        return previous;
    }

    /** Makes {@code previous} current again, as {@link #serve} found it. */
    public static void restore(CallContext previous) {
        CURRENT.set(previous);
    }

    /** The attachment set for the next call, else the one the caller of the served call sent, else {@code null}. */
    public String attachment(String name) {
        String value = outgoing == null ? null : outgoing.get(name);
        return value != null || JsonCodec.TIMEOUT_ATTACHMENT.equals(name) ? value : received.get(name);
    }

    /** The caller's attachments, overridden by those set for the next call. */
    public Map<String, String> attachments() {
        if (outgoing == null || outgoing.isEmpty()) {
            return received();
        }
        Map<String, String> all = new HashMap<>(received());
        all.putAll(outgoing);
        return Map.copyOf(all);
    }

    /** The caller's attachments as received, without the framework's timeout. */
    public Map<String, String> received() {
        Map<String, String> own = receivedOwn;
        if (own == null) {
            if (received.containsKey(JsonCodec.TIMEOUT_ATTACHMENT)) {
                Map<String, String> copy = new HashMap<>(received);
                copy.remove(JsonCodec.TIMEOUT_ATTACHMENT);
                own = Map.copyOf(copy);
            } else {
                own = received;
            }
            receivedOwn = own;
        }
        return own;
    }

    /** @throws IllegalArgumentException naming the problem, when the name or value is not one a consumer may send */
    public void set(String name, String value) {
        checkName(name);
        if (value == null) {
            throw new IllegalArgumentException("The attachment " + name + " has no value: remove it rather than set null");
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("The attachment " + name + " is " + value.length() + " characters long, longer than "
                    + MAX_VALUE_LENGTH);
        }
        if (outgoing == null) {
            outgoing = new LinkedHashMap<>(4);
        }
        if (!outgoing.containsKey(name) && outgoing.size() >= MAX_ATTACHMENTS) {
            throw new IllegalArgumentException("Cannot set the attachment " + name + ": a call carries at most " + MAX_ATTACHMENTS
                    + " attachments from the context");
        }
        outgoing.put(name, value);
    }

    /** Removes {@code name} from the next call's attachments; returns its value, or {@code null}. */
    public String remove(String name) {
        return outgoing == null ? null : outgoing.remove(name);
    }

    /** Forgets the attachments set for the next call. */
    public void clear() {
        outgoing = null;
    }

    /**
     * The attachments the next call carries: the caller's attachments named in {@code propagate}
     * (while a call is served), then those set for it, which this clears.
     */
    public Map<String, String> takeOutgoing(Collection<String> propagate) {
        Map<String, String> taken = outgoing;
        outgoing = null;
        if (propagate.isEmpty() || received.isEmpty()) {
            return taken == null ? Map.of() : taken;
        }
        Map<String, String> own = received();
        Map<String, String> all = null;
        for (String name : propagate) {
            String value = own.get(name);
            if (value != null) {
                if (all == null) {
                    all = new HashMap<>();
                }
                all.put(name, value);
            }
        }
        if (all == null) {
            // None of the names to pass on came with the served call: nothing to merge.
            return taken == null ? Map.of() : taken;
        }
        if (taken != null) {
            all.putAll(taken);
        }
        return all;
    }

    /** Whether the answer of this thread's last call was a stale one. */
    public boolean stale() {
        return stale;
    }

    /** Records whether the answer of this thread's call was a stale one; every call sets it, so that it tells of the last. */
    public void stale(boolean stale) {
        this.stale = stale;
    }

    /** Whether the served call's caller said how long it waits. */
    public boolean hasDeadline() {
        return hasDeadline;
    }

    /** The nanoseconds the served call's caller still waits (possibly none or less); only when {@link #hasDeadline()}. */
    public long remainingNanos() {
        return deadlineNanos - System.nanoTime();
    }

    /** The served call's deadline ({@link System#nanoTime()}); only when {@link #hasDeadline()}. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    /** @throws IllegalArgumentException when {@code name} is empty, too long, or reserved */
    public static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("An attachment needs a name");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("The attachment name " + name.substring(0, 32) + "... is " + name.length()
                    + " characters long, longer than " + MAX_NAME_LENGTH);
        }
        if (name.startsWith(RESERVED_PREFIX) && !name.equals(TAG)) {
            throw new IllegalArgumentException("The attachment name " + name + " is reserved: names starting with '"
                    + RESERVED_PREFIX + "' belong to zkrpc (an application may set " + TAG + ")");
        }
    }
}
