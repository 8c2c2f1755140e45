package io.zkrpc.core.consumer;

import java.time.LocalDateTime;

/** A checked business exception with fields and no {@code (String)} constructor, as a newcomer writes one. */
public class SoldOutException extends Exception {

    private final String item;
    private final int limit;
    private final LocalDateTime restock;

    public SoldOutException(String item, int limit, LocalDateTime restock) {
        super(item + ": only " + limit + " left");
        this.item = item;
        this.limit = limit;
        this.restock = restock;
    }

    public String getItem() {
        return item;
    }

    public int getLimit() {
        return limit;
    }

    public LocalDateTime getRestock() {
        return restock;
    }
}
