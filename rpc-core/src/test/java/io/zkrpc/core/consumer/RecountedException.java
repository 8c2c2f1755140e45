package io.zkrpc.core.consumer;

/**
 * A declared exception whose message is computed by an overridden {@code getMessage()} and which
 * has a computed getter with no field behind it: neither may stop it arriving as itself.
 */
public class RecountedException extends Exception {

    private final String item;
    private final int counted;

    public RecountedException(String item, int counted) {
        super("recounted");
        this.item = item;
        this.counted = counted;
    }

    @Override
    public String getMessage() {
        return item + " recounted: " + counted;
    }

    public String getItem() {
        return item;
    }

    public int getCounted() {
        return counted;
    }

    /** Computed: no field, no constructor parameter. */
    public String getSummary() {
        return item + "=" + counted;
    }
}
