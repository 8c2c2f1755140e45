package io.zkrpc.benchmark.api;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The benchmark's data, the same in both JVMs: the provider answers from it and the driver checks
 * each reply against it. Prepared once, so that neither side allocates test data per call and the
 * bytes allocated per call are the transport's alone.
 */
public final class BenchData {

    /** How many distinct DTOs there are; ids cycle through {@code 0..DTO_COUNT-1}. */
    public static final int DTO_COUNT = 1024;

    private static final List<BenchDto> DTOS = prepareDtos();
    private static volatile String blob = "";

    private BenchData() {
    }

    /** The DTO of {@code id}, in {@code 0..DTO_COUNT-1}. */
    public static BenchDto dto(int id) {
        return DTOS.get(id);
    }

    /** The first {@code count} DTOs (at most {@link #DTO_COUNT}). */
    public static List<BenchDto> dtos(int count) {
        return DTOS.subList(0, count);
    }

    /** {@code size} ASCII characters; the last size asked for is kept, as one size is used per run. */
    public static String blob(int size) {
        String kept = blob;
        if (kept.length() != size) {
            kept = text(size, 7);
            blob = kept;
        }
        return kept;
    }

    /** {@code size} ASCII letters and digits, starting at {@code seed}; never needs JSON escaping. */
    public static String text(int size, int seed) {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder text = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            text.append(alphabet.charAt((i * 31 + seed) % alphabet.length()));
        }
        return text.toString();
    }

    private static List<BenchDto> prepareDtos() {
        List<BenchDto> dtos = new ArrayList<>(DTO_COUNT);
        for (int id = 0; id < DTO_COUNT; id++) {
            dtos.add(new BenchDto(id, "user-" + id, "user-" + id + "@example.com", 1_700_000_000_000L + id * 1000L,
                    id % 3 != 0, List.of("tag-" + id % 7, "group-" + id % 5, "region-" + id % 3)));
        }
        return Collections.unmodifiableList(dtos);
    }
}
