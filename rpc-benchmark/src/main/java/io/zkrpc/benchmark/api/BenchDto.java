package io.zkrpc.benchmark.api;

import java.util.List;

/** The small DTO of the benchmark: a few scalar fields and a list of strings. */
public record BenchDto(int id, String name, String email, long createdAt, boolean active, List<String> tags) {
}
