package io.zkrpc.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The readiness group is left alone when the application names its members, in any form. */
class ReadinessGroupTests {

    private static final String INCLUDE = "management.endpoint.health.group.readiness.include";

    @Test
    void membersAsACommaSeparatedList() {
        assertThat(ReadinessGroup.unlessSetIn(new MockEnvironment().withProperty(INCLUDE, "readinessState,db"))
                .membersSetByApplication()).isTrue();
    }

    @Test
    void membersAsAYamlList() {
        MockEnvironment yaml = new MockEnvironment().withProperty(INCLUDE + "[0]", "readinessState").withProperty(INCLUDE + "[1]", "db");

        assertThat(ReadinessGroup.unlessSetIn(yaml).membersSetByApplication()).isTrue();
    }

    @Test
    void noMembersNamed() {
        assertThat(ReadinessGroup.unlessSetIn(new MockEnvironment()).membersSetByApplication()).isFalse();
    }
}
