package io.zkrpc.core.consumer;

/** A declared exception whose properties, encoded, exceed what a reply may carry. */
public class BulkyException extends Exception {

    private final String item;
    private final String payload;

    public BulkyException(String item, String payload) {
        super("bulky " + item);
        this.item = item;
        this.payload = payload;
    }

    public String getItem() {
        return item;
    }

    public String getPayload() {
        return payload;
    }
}
