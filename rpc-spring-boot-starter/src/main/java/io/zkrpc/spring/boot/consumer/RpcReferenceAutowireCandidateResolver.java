package io.zkrpc.spring.boot.consumer;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.annotation.ContextAnnotationAutowireCandidateResolver;

import io.zkrpc.core.annotation.RpcReference;

/**
 * Resolves constructor and method parameters (and autowired fields) annotated with
 * {@link RpcReference} to service proxies, the way {@code @Value} points are resolved to values.
 * Everything else is left to Spring's own resolver, which this one extends.
 */
public class RpcReferenceAutowireCandidateResolver extends ContextAnnotationAutowireCandidateResolver {

    /**
     * A proxy for a point annotated with {@link RpcReference}; for any other point, what Spring's
     * own resolver suggests.
     */
    @Override
    public Object getSuggestedValue(DependencyDescriptor descriptor) {
        RpcReference reference = descriptor.getAnnotation(RpcReference.class);
        if (reference != null) {
            Object where = descriptor.getMethodParameter() != null ? descriptor.getMethodParameter() : descriptor.getField();
            return getBeanFactory().getBean(RpcReferenceFactory.class).proxy(descriptor.getDependencyType(), reference, where);
        }
        return super.getSuggestedValue(descriptor);
    }

    /** Installs the resolver in the application's bean factory. */
    public static BeanFactoryPostProcessor installer() {
        return RpcReferenceAutowireCandidateResolver::install;
    }

    private static void install(ConfigurableListableBeanFactory beanFactory) {
        if (beanFactory instanceof DefaultListableBeanFactory factory
                && !(factory.getAutowireCandidateResolver() instanceof RpcReferenceAutowireCandidateResolver)) {
            factory.setAutowireCandidateResolver(new RpcReferenceAutowireCandidateResolver());
        }
    }
}
