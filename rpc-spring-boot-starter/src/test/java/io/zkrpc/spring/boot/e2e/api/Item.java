package io.zkrpc.spring.boot.e2e.api;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.util.List;

public record Item(int id, String name, Color color, BigDecimal price, LocalDateTime at, List<String> tags, String servedBy) {
}
