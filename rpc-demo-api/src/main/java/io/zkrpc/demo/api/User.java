package io.zkrpc.demo.api;

import java.time.LocalDateTime;

/**
 * A user of the demo.
 *
 * @param servedBy {@code host:port} of the provider instance that answered
 */
public record User(int id, String name, String email, LocalDateTime createdAt, String servedBy) {
}
