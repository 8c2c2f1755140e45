package io.zkrpc.core.internal.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.registry.ServiceKey;

class MethodDigestsTest {

    interface Finder {

        Object findById(long id);

        Object find(String[] names, int limit);
    }

    @Test
    void aDigestIsTheFirstEightHexDigitsOfTheSha256OfTheWireSignature() {
        // Fixed values, as `printf 'findById(long)' | sha256sum | cut -c1-8` prints them: the same on every run and JVM.
        assertThat(MethodDigests.of("findById(long)")).isEqualTo("7c006918");
        assertThat(MethodDigests.of("greet(java.lang.String)")).isEqualTo("51665e04");
        assertThat(MethodDigests.of("find(java.lang.String[],int)")).isEqualTo("0256e507");
    }

    @Test
    void aServicePublishesItsMethodsSortedAndTheListReadsBack() {
        String published = MethodDigests.publish(MethodDescriptor.forInterface(Finder.class).keySet());

        assertThat(published).isEqualTo("0256e507,7c006918");
        assertThat(MethodDigests.parse(published)).containsExactlyInAnyOrder("0256e507", "7c006918");
        assertThat(MethodDigests.parse("")).isEmpty();
        assertThat(MethodDigests.key(new ServiceKey("com.example.Finder", "2.0", "prod"))).isEqualTo("methods.com.example.Finder:2.0");
    }

    @Test
    void anythingButAListOfDigestsReadsAsUnknown() {
        assertThat(List.of("7C006918", "7c00691", "7c0069189", "7c006918,", ",7c006918", "7c006918;0256e507", "7c006918,,0256e507",
                "zzzzzzzz", "7c00 918", "\u00007c00691")).allSatisfy(value -> assertThat(MethodDigests.parse(value)).as(value).isNull());
        assertThat(MethodDigests.parse(null)).isNull();
        assertThat(MethodDigests.parse("7c006918,".repeat(910) + "7c006918")).as("longer than the bound").isNull();
        assertThat(MethodDigests.parse("7c006918,".repeat(909) + "7c006918")).as("at the bound").containsExactly("7c006918");
    }

    @Test
    void aServiceWithTooManyMethodsPublishesNothing() {
        assertThat(MethodDigests.publish(IntStream.range(0, 911).mapToObj(i -> "m" + i + "()").toList())).isNull();
        assertThat(MethodDigests.publish(IntStream.range(0, 910).mapToObj(i -> "m" + i + "()").toList())).hasSize(MethodDigests.MAX_LENGTH);
    }
}
