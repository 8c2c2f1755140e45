package io.zkrpc.core.internal.observation;

import io.zkrpc.core.registry.Instance;

/**
 * The attempts of one watched call: how many, the instance tried last, and the one that answered
 * (with forks, not necessarily the last tried). Shared by the access log and the observation's
 * context, which keeps it under this class as key, so that the context has no public mutator.
 */
public final class CallAttempts {

    private Instance lastTried;
    private Instance answeredBy;
    private int count;

    /** An attempt goes to {@code instance}. */
    public synchronized void attempted(Instance instance) {
        lastTried = instance;
        count++;
    }

    /** {@code instance} answered; the first answer counts, as it is the one the caller gets. */
    public synchronized void answered(Instance instance) {
        if (answeredBy == null) {
            answeredBy = instance;
        }
    }

    /** The instance that answered, else the one tried last; {@code null} when none was tried. */
    public synchronized Instance instance() {
        return answeredBy != null ? answeredBy : lastTried;
    }

    /** The attempts made so far. */
    public synchronized int count() {
        return count;
    }
}
