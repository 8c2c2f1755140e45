package io.zkrpc.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.registry.ServiceKey;

class ElsewhereHintTest {

    private static final ServiceKey ASKED = new ServiceKey("io.x.Foo", "1.0", "prod");

    @Test
    void namesOtherEnvironmentsAndVersionsWithWhatToCheck() {
        Map<ServiceKey, Integer> found = Map.of(new ServiceKey("io.x.Foo", "1.0", "dev"), 2, new ServiceKey("io.x.Foo", "2.0", "prod"), 1);

        assertThat(ElsewhereHint.of(ASKED, found)).isEqualTo("; found 2 under environment 'dev' and 1 under version '2.0': check"
                + " zkrpc.environment (here 'prod') and the version of @RpcReference and @RpcService (here '1.0')");
    }

    @Test
    void onlyAnotherEnvironmentNamesOnlyTheEnvironmentToCheck() {
        assertThat(ElsewhereHint.of(ASKED, Map.of(new ServiceKey("io.x.Foo", "", "dev"), 3)))
                .isEqualTo("; found 3 under environment 'dev' with no version: check zkrpc.environment (here 'prod')"
                        + " and the version of @RpcReference and @RpcService (here '1.0')");
        assertThat(ElsewhereHint.of(ASKED, Map.of(new ServiceKey("io.x.Foo", "1.0", "dev"), 3)))
                .isEqualTo("; found 3 under environment 'dev': check zkrpc.environment (here 'prod')");
    }

    @Test
    void nothingElsewhereIsNoHint() {
        assertThat(ElsewhereHint.of(ASKED, Map.of())).isEmpty();
        assertThat(ElsewhereHint.of(ASKED, Map.of(ASKED, 2, new ServiceKey("io.x.Bar", "1.0", "dev"), 1,
                new ServiceKey("io.x.Foo", "1.0", "dev"), 0))).isEmpty();
    }

    @Test
    void manyPlacesAreCutToABoundedClause() {
        Map<ServiceKey, Integer> found = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            found.put(new ServiceKey("io.x.Foo", "1.0", "env" + (100 + i)), 1);
        }

        String hint = ElsewhereHint.of(ASKED, found);

        assertThat(hint.split(" under ")).hasSize(9);
        assertThat(hint).startsWith("; found 1 under environment 'env100', ");
    }

    @Test
    void namesLongerThanTheCapAreCutWithAnEllipsis() {
        String environment = "e".repeat(ElsewhereHint.MAX_NAME);
        String version = "v".repeat(500);

        String hint = ElsewhereHint.of(ASKED, Map.of(new ServiceKey("io.x.Foo", version, environment), 1));

        assertThat(hint).startsWith("; found 1 under environment '" + environment + "' with version '"
                + "v".repeat(ElsewhereHint.MAX_NAME - 1) + "\u2026': check").doesNotContain("v".repeat(ElsewhereHint.MAX_NAME));
        assertThat(ElsewhereHint.capped("\uD83D\uDE00".repeat(40))).hasSize(ElsewhereHint.MAX_NAME - 1).endsWith("\uD83D\uDE00\u2026");
    }
}
