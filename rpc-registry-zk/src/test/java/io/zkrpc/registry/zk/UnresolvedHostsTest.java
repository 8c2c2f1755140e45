package io.zkrpc.registry.zk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnresolvedHostsTest {

    @Test
    void hostsThatDoNotResolveAreNamed() {
        assertThat(UnresolvedHosts.clause("127.0.0.1:2181,nosuchhost.invalid:2181,[::1]:2182/team-a"))
                .isEqualTo(" (nosuchhost.invalid: no such host)");
    }

    @Test
    void resolvableHostsGiveNoClause() {
        assertThat(UnresolvedHosts.clause("127.0.0.1:2181,localhost:2182/team-a")).isEmpty();
    }
}
