package io.zkrpc.core.cluster;

import java.time.Instant;

/**
 * An instance that a consumer took out of its rotation for failing.
 *
 * @param until when it becomes half-open
 * @param reason what isolated it
 * @param isolations how many times in a row it was isolated
 */
public record Isolation(Instant until, String reason, int isolations) {
}
