package io.zkrpc.spring.boot.observation;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.MDC;

/** The trace ids the service implementations found in their MDC, as {@code app=traceId}. */
public final class TraceIds {

    private static final List<String> seen = new CopyOnWriteArrayList<>();

    private TraceIds() {
    }

    public static void record(String app) {
        seen.add(app + "=" + MDC.get("traceId"));
    }

    public static List<String> seen() {
        return List.copyOf(seen);
    }

    public static void clear() {
        seen.clear();
    }
}
