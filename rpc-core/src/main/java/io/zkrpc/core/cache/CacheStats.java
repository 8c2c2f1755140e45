package io.zkrpc.core.cache;

/**
 * The figures of one method's result cache since its reference was created.
 *
 * @param size the results held now (approximately: expired ones may still count until cleaned up)
 * @param hits the calls answered from the cache, without a remote call
 * @param misses the calls that went to a provider
 */
public record CacheStats(long size, long hits, long misses) {
}
