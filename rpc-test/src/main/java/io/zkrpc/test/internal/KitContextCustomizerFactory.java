package io.zkrpc.test.internal;

import java.util.List;

import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

import io.zkrpc.test.ZkRpcTest;

/** Gives the context of every {@link ZkRpcTest} class a kit (listed in {@code META-INF/spring.factories}). */
public final class KitContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        ZkRpcTest declaration = TestContextAnnotationUtils.findMergedAnnotation(testClass, ZkRpcTest.class);
        return declaration == null ? null : new KitContextCustomizer(declaration);
    }
}
