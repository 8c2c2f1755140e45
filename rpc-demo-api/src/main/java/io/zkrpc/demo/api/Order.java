package io.zkrpc.demo.api;

import java.math.BigDecimal;
import java.util.List;

/**
 * An order of the demo.
 *
 * @param servedBy {@code host:port} of the provider instance that answered
 */
public record Order(long id, int userId, List<String> items, BigDecimal total, OrderStatus status, String servedBy) {
}
