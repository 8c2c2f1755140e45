package io.zkrpc.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.alibaba.fastjson2.JSONException;

import io.zkrpc.core.provider.RequestLimits;

class PlainBytesTest {

    /** Plain bytes of every kind: ASCII either side of the specials, UTF-8 lead and continuation bytes, DEL. */
    private static final byte[] PLAIN = {'a', ' ', '!', '#', '[', ']', '{', '\'', 0x7f, (byte) 0x80, (byte) 0xc3, (byte) 0xa9,
            (byte) 0xe2, (byte) 0x82, (byte) 0xac, (byte) 0xff, (byte) 0xdc, (byte) 0xa2, (byte) ('"' ^ 0x80), (byte) ('\\' ^ 0x80), 0x20, 0x5b};

    /** Stops: the quote, a backslash, the control bytes at both ends of their range and in between. */
    private static final byte[] STOPS = {'"', '\\', 0x00, 0x01, 0x0a, 0x1f};

    @Test
    void stopsAtTheFirstSpecialByteWhereverItLiesInTheWord() {
        for (int length = 0; length <= 40; length++) {
            byte[] plain = filler(length);
            assertThat(PlainBytes.skip(plain, 0, length, (byte) '"')).as("all plain, length %d", length).isEqualTo(length);
            for (int at = 0; at < length; at++) {
                for (byte stop : STOPS) {
                    byte[] in = plain.clone();
                    in[at] = stop;
                    // A second stop after the first must not be taken for it.
                    if (at + 1 < length) {
                        in[length - 1] = '"';
                    }
                    for (int from = 0; from <= at; from++) {
                        assertThat(PlainBytes.skip(in, from, length, (byte) '"'))
                                .as("stop %d at %d of %d from %d", stop, at, length, from).isEqualTo(at);
                    }
                    assertThat(PlainBytes.skip(in, 0, at, (byte) '"')).as("stop just past the end").isEqualTo(at);
                }
            }
        }
    }

    @Test
    void theQuoteIsTheOneAskedFor() {
        byte[] in = "0123456789'\"abcdefgh".getBytes(StandardCharsets.US_ASCII);
        assertThat(PlainBytes.skip(in, 0, in.length, (byte) '\'')).isEqualTo(10);
        assertThat(PlainBytes.skip(in, 0, in.length, (byte) '"')).isEqualTo(11);
    }

    @Test
    void aStartPastTheEndIsReturnedAsIs() {
        assertThat(PlainBytes.skip(new byte[4], 5, 4, (byte) '"')).isEqualTo(5);
    }

    @Test
    void theScannerRefusesAControlByteOrFindsAnEscapeRightAfterALongRun() {
        RequestLimits limits = limits(1000);
        String run = "é".repeat(13) + "x".repeat(7);
        assertThatThrownBy(() -> JsonScanner.scan(body("{\"a\":\"" + run + "\u0001\"}"), limits))
                .isInstanceOf(JsonScanner.MalformedJson.class).hasMessage("a control character in a string (at byte 40)");
        assertThatThrownBy(() -> JsonScanner.scan(body("{\"a\":\"" + run + "\\x\"}"), limits))
                .isInstanceOf(JsonScanner.MalformedJson.class).hasMessage("an invalid escape (at byte 41)");
        assertThat(JsonScanner.scan(body("{\"a\":\"" + run + "\\\"" + run + "\",\"b\":1}"), limits).fields())
                .containsOnlyKeys("a", "b");
    }

    @Test
    void theScannerCountsTheLengthLimitExactlyAcrossTheFastPath() {
        RequestLimits limits = limits(40);
        assertThatCode(() -> JsonScanner.scan(body("{\"a\":\"" + "é".repeat(20) + "\"}"), limits)).doesNotThrowAnyException();
        assertThatCode(() -> JsonScanner.scan(body("{\"a\":\"" + "y".repeat(38) + "\\n\"}"), limits)).doesNotThrowAnyException();
        assertThatThrownBy(() -> JsonScanner.scan(body("{\"a\":\"" + "y".repeat(41) + "\"}"), limits))
                .isInstanceOf(JsonScanner.MalformedJson.class).hasMessage("a string longer than 40 bytes (at byte 47)");
        assertThatThrownBy(() -> JsonScanner.scan(body("{\"a\":\"" + "y".repeat(39) + "\\u0041\"}"), limits))
                .isInstanceOf(JsonScanner.MalformedJson.class).hasMessageStartingWith("a string longer than 40 bytes");
    }

    @Test
    void theScannerFindsAStringEndingExactlyAtTheBufferEndUnterminated() {
        RequestLimits limits = limits(1000);
        byte[] body = body("{\"a\":\"" + "z".repeat(30));
        assertThatThrownBy(() -> JsonScanner.scan(body, limits))
                .isInstanceOf(JsonScanner.MalformedJson.class).hasMessage("an unterminated string (at byte 36)");
        // The length given, not the array's, is the end: the closing quote past it does not count.
        byte[] longer = body("{\"a\":\"" + "z".repeat(30) + "\"}");
        assertThatThrownBy(() -> JsonScanner.scan(longer, 36, limits))
                .isInstanceOf(JsonScanner.MalformedJson.class).hasMessage("an unterminated string (at byte 36)");
        assertThatThrownBy(() -> JsonScanner.scan(body("{\"a\":\"" + "z".repeat(30) + "\\"), limits))
                .isInstanceOf(JsonScanner.MalformedJson.class).hasMessageStartingWith("the body ends where an escape was expected");
    }

    @Test
    void theBoundsSeeNestingRightAfterALongStringWithEscapes() {
        String string = "\"" + "[{é".repeat(9) + "\\\"" + "[".repeat(9) + "\\\\\"";
        assertThatCode(() -> JsonBounds.check(body("[" + string + "]"), 1, 10)).doesNotThrowAnyException();
        assertThatThrownBy(() -> JsonBounds.check(body("[" + string + "[]]"), 1, 10))
                .isInstanceOf(JSONException.class).hasMessageContaining("nesting deeper than 1 levels at byte " + (1 + body(string).length));
        // An escape as the last byte of the document runs off its end without reading past it.
        assertThatCode(() -> JsonBounds.check(body("[\"abcdefghij\\"), 1, 10)).doesNotThrowAnyException();
    }

    private static RequestLimits limits(int maxStringLength) {
        return new RequestLimits(8, 20, maxStringLength, 100, 4, Duration.ofSeconds(1), 0, Duration.ZERO);
    }

    private static byte[] body(String json) {
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] filler(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = PLAIN[i % PLAIN.length];
        }
        return bytes;
    }
}
