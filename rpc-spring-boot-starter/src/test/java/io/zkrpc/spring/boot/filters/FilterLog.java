package io.zkrpc.spring.boot.filters;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the filters of both applications did, in the order they did it (both run in the test's JVM). */
public final class FilterLog {

    public static final List<String> ENTRIES = new CopyOnWriteArrayList<>();

    private FilterLog() {
    }
}
