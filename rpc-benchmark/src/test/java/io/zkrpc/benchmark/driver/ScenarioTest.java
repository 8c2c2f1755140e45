package io.zkrpc.benchmark.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ScenarioTest {

    @Test
    void theIssuesScenariosRunByDefault() {
        assertThat(Scenario.select("").stream().map(Scenario::label))
                .containsExactly("findById/1", "findById/32", "echo1k/32", "list100/8", "payload256k/4");
    }

    @Test
    void aNameSelectsEveryConcurrencyOfIt() {
        assertThat(Scenario.select("findbyid").stream().map(Scenario::label)).containsExactly("findById/1", "findById/32");
    }

    @Test
    void aLabelSelectsOneAndTheOrderStaysTheRunOrder() {
        assertThat(Scenario.select("list100/8, findById/32").stream().map(Scenario::label))
                .containsExactly("findById/32", "list100/8");
    }

    @Test
    void anUnknownScenarioIsNamedWithTheChoices() {
        assertThatIllegalArgumentException().isThrownBy(() -> Scenario.select("findById/8"))
                .withMessageContaining("findById/8").withMessageContaining("echo1k/32");
    }

    @Test
    void targetsAreSelectedByName() {
        assertThat(Target.select("zkrpc")).containsExactly(Target.ZKRPC);
        assertThat(Target.select("")).containsExactly(Target.FLOOR_SERVLET, Target.FLOOR, Target.ZKRPC);
        assertThat(Target.select("zkrpc,floor,floor-servlet")).containsExactly(Target.FLOOR_SERVLET, Target.FLOOR, Target.ZKRPC);
        assertThat(Target.select("zkrpc-governed,zkrpc")).containsExactly(Target.ZKRPC, Target.ZKRPC_GOVERNED);
        assertThatIllegalArgumentException().isThrownBy(() -> Target.select("dubbo")).withMessageContaining("dubbo");
    }
}
