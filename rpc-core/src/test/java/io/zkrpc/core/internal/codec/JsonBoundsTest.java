package io.zkrpc.core.internal.codec;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.alibaba.fastjson2.JSONException;

class JsonBoundsTest {

    @Test
    void nestingUpToTheBoundPasses() {
        assertThatCode(() -> check("[".repeat(4) + "]".repeat(4), 4, 10)).doesNotThrowAnyException();
    }

    @Test
    void nestingPastTheBoundIsRefusedWhereItHappens() {
        assertThatThrownBy(() -> check("{\"a\":" + "[".repeat(5) + "]".repeat(5) + "}", 4, 10))
                .isInstanceOf(JSONException.class).hasMessage("nesting deeper than 4 levels at byte 8");
    }

    @Test
    void bracketsAndDigitsInsideStringsDoNotCount() {
        assertThatCode(() -> check("[\"[[[[[[ 12345678901234 \\\" [[[[\", '[[[[[[\\' \"']", 2, 10)).doesNotThrowAnyException();
    }

    @Test
    void aSingleQuotedStringCannotHideNestingBehindADoubleQuote() {
        assertThatThrownBy(() -> check("['\"', [[[[[ ]]]]], '\"']", 4, 10)).isInstanceOf(JSONException.class)
                .hasMessageContaining("nesting deeper than 4 levels");
    }

    @Test
    void aCommentIsRefusedSinceItCouldHideNesting() {
        assertThatThrownBy(() -> check("[/* \" */ [[[[ ]]]] ]", 10, 10)).isInstanceOf(JSONException.class)
                .hasMessage("a '/' outside a string at byte 1");
    }

    @Test
    void aNumberLongerThanTheBoundIsRefused() {
        assertThatCode(() -> check("[-1.5e+10, 1234567890]", 4, 10)).doesNotThrowAnyException();
        assertThatThrownBy(() -> check("[12345678901]", 4, 10)).isInstanceOf(JSONException.class)
                .hasMessage("a number longer than 10 characters at byte 11");
    }

    private static void check(String json, int maxDepth, int maxNumberLength) {
        JsonBounds.check(json.getBytes(StandardCharsets.UTF_8), maxDepth, maxNumberLength);
    }
}
