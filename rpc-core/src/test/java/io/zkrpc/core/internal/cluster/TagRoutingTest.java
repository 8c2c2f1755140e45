package io.zkrpc.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.RpcContext;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.testsupport.Probe;
import io.zkrpc.core.testsupport.TestInvocations;

/** The built-in tag router, prepared per snapshot. */
class TagRoutingTest {

    private static final int CALLS = 10_000;
    private static final Invocation UNTAGGED = TestInvocations.invocation(Probe.class, "read()");

    private final Instance plainA = instance(8081, null);
    private final Instance plainB = instance(8082, null);
    private final Instance gray = instance(8083, "gray");
    private final Instance blue = instance(8084, "blue");

    @Test
    void withoutTagsOrRuleEveryCallTakesTheSnapshotItself() {
        List<Instance> snapshot = List.of(plainA, plainB);
        TagRouting routing = TagRouting.of(snapshot, null);

        assertThat(routing.route(UNTAGGED, false)).isSameAs(snapshot);
        assertThat(routing.route(UNTAGGED, true)).isSameAs(snapshot);
        assertThat(routing.route(tagged("gray"), false)).isSameAs(snapshot);
        assertThat(routing.route(tagged("gray"), true)).isEmpty();
    }

    @Test
    void aTaggedCallGoesToItsTagElseToTheUntaggedUnlessStrict() {
        TagRouting routing = TagRouting.of(List.of(plainA, plainB, gray, blue), null);

        assertThat(routing.route(tagged("gray"), false)).containsExactly(gray);
        assertThat(routing.route(tagged("blue"), true)).containsExactly(blue);
        assertThat(routing.route(tagged("green"), false)).containsExactly(plainA, plainB);
        assertThat(routing.route(tagged("green"), true)).isEmpty();
        assertThat(TagRouting.emptied(tagged("green"), true)).isEqualTo("; no instance has tag 'green' and zkrpc.consumer.tag-strict is on");
    }

    /** A registered tag no rule or call could name (from a hostile or mistaken registration) is no tag. */
    @Test
    void anInstanceWhoseTagNoCallCouldNameIsRoutedAsUntagged() {
        Instance shouting = instance(8085, "gray\nWARN forged line");
        Instance huge = instance(8086, "g".repeat(100_000));

        assertThat(TagRouting.tagOf(shouting)).isNull();
        assertThat(TagRouting.tagOf(huge)).isNull();
        assertThat(TagRouting.tagOf(instance(8087, " gray "))).isEqualTo("gray");
        assertThat(TagRouting.of(List.of(plainA, shouting, huge, gray), null).route(UNTAGGED, false))
                .containsExactly(plainA, shouting, huge);
    }

    @Test
    void anUntaggedCallGoesToTheUntaggedElseToAll() {
        assertThat(TagRouting.of(List.of(plainA, gray), null).route(UNTAGGED, false)).containsExactly(plainA);
        List<Instance> allTagged = List.of(gray, blue);
        assertThat(TagRouting.of(allTagged, null).route(UNTAGGED, false)).isSameAs(allTagged);
        // Every instance tagged and a gray rule: the others take the rest.
        assertThat(TagRouting.of(allTagged, new ServiceRules.Gray("gray", 0)).route(UNTAGGED, false)).containsExactly(blue);
    }

    @Test
    void aGrayShareOfOneTenthSendsAboutOneCallInTenToTheGrayInstances() {
        TagRouting routing = TagRouting.of(List.of(plainA, plainB, gray, blue), new ServiceRules.Gray("gray", 0.1));

        int toGray = 0;
        for (int i = 0; i < CALLS; i++) {
            List<Instance> routed = routing.route(UNTAGGED, false);
            if (routed.contains(gray)) {
                assertThat(routed).containsExactly(gray);
                toGray++;
            } else {
                assertThat(routed).containsExactly(plainA, plainB);
            }
        }

        double share = (double) toGray / CALLS;
        System.out.printf("Gray routing (unit): %.2f%% of %d untagged calls routed to the gray instance (rule share 10%%)%n", share * 100, CALLS);
        assertThat(share).isCloseTo(0.1, within(0.02));
        assertThat(routing.route(tagged("blue"), false)).containsExactly(blue);
    }

    @Test
    void aGrayRuleWhoseTagNoInstanceHasSendsEveryCallToTheUntagged() {
        TagRouting routing = TagRouting.of(List.of(plainA, plainB), new ServiceRules.Gray("gray", 1));

        assertThat(routing.route(UNTAGGED, false)).containsExactly(plainA, plainB);
    }

    @Test
    void aDrainedGrayInstanceGivesItsShareBackToTheDefaultPool() {
        Instance drainedGray = drained(gray);
        TagRouting routing = TagRouting.of(List.of(plainA, plainB, drainedGray), new ServiceRules.Gray("gray", 0.5));

        for (int i = 0; i < 1_000; i++) {
            assertThat(routing.route(UNTAGGED, false)).containsExactly(plainA, plainB);
        }
        // Every one drained: the service still answers, the gray share applying again.
        TagRouting allDrained = TagRouting.of(List.of(drained(plainA), drainedGray), new ServiceRules.Gray("gray", 1));
        assertThat(allDrained.route(UNTAGGED, false)).containsExactly(drainedGray);
    }

    @Test
    void whenEveryUntaggedInstanceIsDrainedUntaggedCallsGoToTheGrayInstances() {
        TagRouting routing = TagRouting.of(List.of(drained(plainA), drained(plainB), gray), new ServiceRules.Gray("gray", 0.1));

        for (int i = 0; i < 1_000; i++) {
            assertThat(routing.route(UNTAGGED, false)).containsExactly(gray);
        }
    }

    @Test
    void aDrainedInstanceLeavesItsTagGroupWhileAnotherOfTheTagServes() {
        Instance blue2 = instance(8085, "blue");
        TagRouting routing = TagRouting.of(List.of(plainA, drained(blue), blue2), null);

        assertThat(routing.route(tagged("blue"), false)).containsExactly(blue2);
        assertThat(routing.route(UNTAGGED, false)).containsExactly(plainA);
    }

    @Test
    void aTagOnlyDrainedInstancesHaveGoesToTheDefaultPoolOrStrictlyToThem() {
        Instance drainedBlue = drained(blue);
        TagRouting routing = TagRouting.of(List.of(plainA, drainedBlue), null);

        assertThat(routing.route(tagged("blue"), false)).containsExactly(plainA);
        assertThat(routing.route(tagged("blue"), true)).containsExactly(drainedBlue);
    }

    @Test
    void aCallNamingAnUnknownTagIsServedAsUntaggedWhenEveryInstanceIsTaggedUnlessStrict() {
        TagRouting routing = TagRouting.of(List.of(gray, blue), new ServiceRules.Gray("gray", 0.1));

        for (int i = 0; i < 100; i++) {
            assertThat(routing.route(tagged("green"), false)).containsExactly(blue);
        }
        assertThat(routing.route(tagged("green"), true)).isEmpty();
        assertThat(routing.pinned(tagged("green"), false)).isFalse();
        assertThat(routing.pinned(tagged("green"), true)).isTrue();
        assertThat(routing.pinned(tagged("blue"), false)).isTrue();
        assertThat(TagRouting.emptied(tagged("green"), false)).isEmpty();
    }

    @Test
    void theTagInAnErrorIsCutShortAndCannotForgeALogLine() {
        String hostile = "x\n2026-12-07 INFO forged\u2028\u202Eevil" + "y".repeat(8_000);

        String clause = TagRouting.emptied(tagged(hostile), true);

        assertThat(clause).doesNotContain("\n", "\u2028", "\u202E").contains("x?2026-12-07 INFO forged??evil").hasSizeLessThan(150);
    }

    @Test
    void validTagsAreThoseTheRulesAccept() {
        assertThat(TagRouting.isValidTag("gray-1.2_b")).isTrue();
        assertThat(TagRouting.isValidTag("a".repeat(64))).isTrue();
        assertThat(TagRouting.isValidTag("a".repeat(65))).isFalse();
        assertThat(TagRouting.isValidTag("gray blue")).isFalse();
        assertThat(TagRouting.isValidTag("")).isFalse();
        assertThat(TagRouting.isValidTag(null)).isFalse();
    }

    private static Instance drained(Instance instance) {
        Map<String, String> metadata = new HashMap<>(instance.metadata());
        metadata.put("weight", "0");
        return new Instance(instance.scheme(), instance.host(), instance.port(), instance.path(), metadata);
    }

    private static Invocation tagged(String tag) {
        return UNTAGGED.withAttachment(RpcContext.TAG, tag);
    }

    private static Instance instance(int port, String tag) {
        return new Instance("http", "127.0.0.1", port, "/zkrpc", tag == null ? Map.of() : Map.of("tag", tag));
    }
}
