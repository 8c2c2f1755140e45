package io.zkrpc.core.internal.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Type;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.zkrpc.core.testsupport.Dto;

class FailsafeStrategyTest {

    /** Declares the generic types whose empty values are checked. */
    interface Shapes<T> {

        List<Dto> list();

        Set<String> set();

        Map<String, Dto> map();

        Collection<Dto> collection();

        Optional<Dto> optional();

        T element();
    }

    @Test
    void primitivesAreZeroOrFalse() {
        assertThat(FailsafeStrategy.emptyValue(int.class)).isEqualTo(0);
        assertThat(FailsafeStrategy.emptyValue(long.class)).isEqualTo(0L);
        assertThat(FailsafeStrategy.emptyValue(double.class)).isEqualTo(0d);
        assertThat(FailsafeStrategy.emptyValue(float.class)).isEqualTo(0f);
        assertThat(FailsafeStrategy.emptyValue(short.class)).isEqualTo((short) 0);
        assertThat(FailsafeStrategy.emptyValue(byte.class)).isEqualTo((byte) 0);
        assertThat(FailsafeStrategy.emptyValue(char.class)).isEqualTo('\0');
        assertThat(FailsafeStrategy.emptyValue(boolean.class)).isEqualTo(false);
    }

    @Test
    void voidHasNoValue() {
        assertThat(FailsafeStrategy.emptyValue(void.class)).isNull();
        assertThat(FailsafeStrategy.emptyValue(Void.class)).isNull();
    }

    @Test
    void collectionsMapsAndOptionalsAreEmpty() throws NoSuchMethodException {
        assertThat(FailsafeStrategy.emptyValue(genericReturnType("list"))).isEqualTo(List.of());
        assertThat(FailsafeStrategy.emptyValue(genericReturnType("set"))).isEqualTo(Set.of());
        assertThat(FailsafeStrategy.emptyValue(genericReturnType("map"))).isEqualTo(Map.of());
        assertThat(FailsafeStrategy.emptyValue(genericReturnType("collection"))).isEqualTo(List.of());
        assertThat(FailsafeStrategy.emptyValue(genericReturnType("optional"))).isEqualTo(Optional.empty());
        assertThat(FailsafeStrategy.emptyValue(List.class)).isEqualTo(List.of());
    }

    @Test
    void otherObjectsAreNull() {
        assertThat(FailsafeStrategy.emptyValue(String.class)).isNull();
        assertThat(FailsafeStrategy.emptyValue(Integer.class)).isNull();
        assertThat(FailsafeStrategy.emptyValue(Dto.class)).isNull();
        assertThat(FailsafeStrategy.emptyValue(int[].class)).isNull();
    }

    @Test
    void objectAndTypeVariablesAreNullNotAnEmptyList() throws NoSuchMethodException {
        // A List where the caller expects a T (or any Object) would surface as a ClassCastException.
        assertThat(FailsafeStrategy.emptyValue(Object.class)).isNull();
        assertThat(FailsafeStrategy.emptyValue(genericReturnType("element"))).isNull();
    }

    private static Type genericReturnType(String method) throws NoSuchMethodException {
        return Shapes.class.getMethod(method).getGenericReturnType();
    }
}
