package io.zkrpc.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class MethodDescriptorTest {

    interface Catalog {
        String findById(int id);

        String find(String name, List<Integer> ids);

        String find(String name);

        void ping();

        static Catalog none() {
            return null;
        }
    }

    interface Named {
        String name();
    }

    interface Labelled {
        String name();
    }

    /** Inherits {@code name()} twice, from two unrelated interfaces. */
    interface Tag extends Named, Labelled {
    }

    interface Lookup<T> {
        T lookup(int id);
    }

    /** Narrows the return type of an inherited generic method (javac adds a bridge method). */
    interface StringLookup extends Lookup<String> {
        @Override
        String lookup(int id);
    }

    static final class CatalogImpl {
    }

    @Test
    void signatureIsTheNameWithErasedParameterTypeNames() throws Exception {
        assertThat(MethodDescriptor.of(Catalog.class.getMethod("findById", int.class)).signature())
                .isEqualTo("findById(int)");
        assertThat(MethodDescriptor.of(Catalog.class.getMethod("find", String.class, List.class)).signature())
                .isEqualTo("find(java.lang.String,java.util.List)");
        assertThat(MethodDescriptor.of(Catalog.class.getMethod("ping")).signature())
                .isEqualTo("ping()");
    }

    @Test
    void overloadsGetDistinctSignatures() {
        Map<String, MethodDescriptor> methods = MethodDescriptor.forInterface(Catalog.class);

        assertThat(methods).containsOnlyKeys("findById(int)", "find(java.lang.String,java.util.List)",
                "find(java.lang.String)", "ping()");
        assertThat(methods.get("find(java.lang.String)").parameterCount()).isEqualTo(1);
        assertThat(methods.get("find(java.lang.String,java.util.List)").genericParameterType(1).getTypeName())
                .isEqualTo("java.util.List<java.lang.Integer>");
    }

    @Test
    void forInterfaceRejectsAClass() {
        assertThatThrownBy(() -> MethodDescriptor.forInterface(CatalogImpl.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(CatalogImpl.class.getName());
    }

    @Test
    void forInterfaceAcceptsAMethodInheritedFromTwoInterfaces() {
        Map<String, MethodDescriptor> methods = MethodDescriptor.forInterface(Tag.class);

        assertThat(methods).containsOnlyKeys("name()");
    }

    @Test
    void forInterfaceKeepsTheNarrowedReturnTypeOfAnOverride() {
        Map<String, MethodDescriptor> methods = MethodDescriptor.forInterface(StringLookup.class);

        assertThat(methods).containsOnlyKeys("lookup(int)");
        assertThat(methods.get("lookup(int)").genericReturnType()).isEqualTo(String.class);
    }
}
