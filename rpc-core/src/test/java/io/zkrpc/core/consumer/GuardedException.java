package io.zkrpc.core.consumer;

/**
 * A declared exception with a field no getter exposes ({@code secret}) and a getter whose field
 * has another type ({@code limit}): a reply must be able to set neither.
 */
public class GuardedException extends Exception {

    private String item;
    private String secret = "sealed";
    private Integer limit;

    public GuardedException(String message) {
        super(message);
    }

    /** Takes {@code secret} by name: a reply must not be able to choose it either. */
    public GuardedException(String message, String secret) {
        super(message);
        this.secret = secret;
    }

    public String getItem() {
        return item;
    }

    /** A text, whatever the field behind it holds. */
    public String getLimit() {
        return limit == null ? "unlimited" : "at most " + limit;
    }

    String secret() {
        return secret;
    }

    Integer limitField() {
        return limit;
    }
}
