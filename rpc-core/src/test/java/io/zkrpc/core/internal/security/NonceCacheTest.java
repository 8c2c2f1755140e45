package io.zkrpc.core.internal.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NonceCacheTest {

    private static final long T = 1_700_000_000_000L;

    @Test
    void aNonceIsAcceptedOnce() {
        NonceCache cache = new NonceCache(100, 60_000);

        assertThat(cache.firstUse("a", T, T)).isTrue();
        assertThat(cache.firstUse("a", T, T + 10)).isFalse();
        assertThat(cache.firstUse("b", T, T + 10)).isTrue();
    }

    @Test
    void aSecondIsForgottenOnceItsTimestampsAreOutOfTheWindow() {
        NonceCache cache = new NonceCache(100, 60_000);
        cache.firstUse("a", T, T);
        cache.firstUse("b", T + 30_000, T + 30_000);

        cache.firstUse("c", T + 61_000, T + 61_000);

        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aFullCacheForgetsItsOldestSecondAndThenRefusesCallsSignedInIt() {
        NonceCache cache = new NonceCache(3, 60_000);
        cache.firstUse("a", T, T);
        cache.firstUse("b", T, T);
        cache.firstUse("c", T + 1_000, T + 1_000);

        assertThat(cache.firstUse("d", T + 2_000, T + 2_000)).isTrue();

        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.firstUse("a", T, T + 2_000)).as("a replay of a forgotten second").isFalse();
        assertThat(cache.firstUse("e", T + 500, T + 2_000)).as("a new call of a forgotten second").isFalse();
        assertThat(cache.firstUse("c", T + 1_000, T + 2_000)).isFalse();
    }

    @Test
    void theSecondBeingAddedToIsKeptEvenWhenItAloneFillsTheCache() {
        NonceCache cache = new NonceCache(2, 60_000);

        assertThat(cache.firstUse("a", T, T)).isTrue();
        assertThat(cache.firstUse("b", T, T)).isTrue();
        assertThat(cache.firstUse("c", T, T)).isTrue();
        assertThat(cache.firstUse("a", T, T)).isFalse();
    }
}
