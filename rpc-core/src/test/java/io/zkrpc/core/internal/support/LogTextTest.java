package io.zkrpc.core.internal.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void plainTextWithinTheLimitIsItself() {
        String text = "gray-1.0_a";
        assertThat(LogText.clean(text, 64)).isSameAs(text);
    }

    @Test
    void lineBreaksAndControlCharactersAreReplaced() {
        assertThat(LogText.clean("a\r\nb\tc\u0000d\u0085e\u001b[31m", 64)).isEqualTo("a??b?c?d?e?[31m");
    }

    @Test
    void lineAndParagraphSeparatorsAreReplaced() {
        assertThat(LogText.clean("a\u2028b\u2029c", 64)).isEqualTo("a?b?c");
    }

    @Test
    void bidiOverridesIsolatesAndZeroWidthCharactersAreReplaced() {
        assertThat(LogText.clean("x\u202Eevil\u202C\u2066y\u2069\u200Bz\u200E\uFEFF", 64)).isEqualTo("x?evil??y??z??");
    }

    @Test
    void longTextIsCutAndMarked() {
        assertThat(LogText.clean("a".repeat(100), 64)).isEqualTo("a".repeat(64) + "\u2026");
        assertThat(LogText.clean("abc", 3)).isEqualTo("abc");
    }

    @Test
    void aCutNeverSplitsASurrogatePairAndLoneSurrogatesAreReplaced() {
        String emoji = "\uD83D\uDE00";
        assertThat(LogText.clean("ab" + emoji, 3)).isEqualTo("ab\u2026");
        assertThat(LogText.clean("a" + emoji + "b", 64)).isEqualTo("a" + emoji + "b");
        assertThat(LogText.clean("a\uD83Db\uDE00", 64)).isEqualTo("a?b?");
    }

    @Test
    void nullIsShownAsNull() {
        assertThat(LogText.clean(null, 64)).isEqualTo("null");
    }
}
