package io.zkrpc.spring.boot.provider;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.ResourceLoaderAware;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.core.type.MethodMetadata;
import org.springframework.core.type.filter.AnnotationTypeFilter;

import io.zkrpc.core.annotation.RpcService;

/**
 * Makes every class annotated with {@link RpcService} in the application's packages (those
 * {@code @SpringBootApplication} scans) a bean, unless a bean of that class is defined already
 * (by {@code @Component} scanning or a {@code @Bean} method), so that there is never two.
 */
public class RpcServiceScanner implements BeanDefinitionRegistryPostProcessor, EnvironmentAware, ResourceLoaderAware {

    private static final Logger log = LoggerFactory.getLogger(RpcServiceScanner.class);

    private Environment environment;
    private ResourceLoader resourceLoader;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void setResourceLoader(ResourceLoader resourceLoader) {
        this.resourceLoader = resourceLoader;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        if (!(registry instanceof BeanFactory beanFactory) || !AutoConfigurationPackages.has(beanFactory)) {
            return;
        }
        Set<String> defined = definedClassNames(registry);
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false, environment);
        scanner.setResourceLoader(resourceLoader);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RpcService.class));
        AnnotationBeanNameGenerator names = AnnotationBeanNameGenerator.INSTANCE;
        for (String basePackage : AutoConfigurationPackages.get(beanFactory)) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
                if (defined.add(candidate.getBeanClassName())) {
                    String name = names.generateBeanName(candidate, registry);
                    registry.registerBeanDefinition(name, candidate);
                    log.debug("Registered @RpcService class {} as bean '{}'", candidate.getBeanClassName(), name);
                }
            }
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }

    private static Set<String> definedClassNames(BeanDefinitionRegistry registry) {
        Set<String> names = new HashSet<>();
        for (String beanName : registry.getBeanDefinitionNames()) {
            BeanDefinition definition = registry.getBeanDefinition(beanName);
            if (definition.getBeanClassName() != null && definition.getFactoryMethodName() == null) {
                names.add(definition.getBeanClassName());
            }
            if (definition instanceof AnnotatedBeanDefinition annotated) {
                MethodMetadata factoryMethod = annotated.getFactoryMethodMetadata();
                if (factoryMethod != null) {
                    names.add(factoryMethod.getReturnTypeName());
                }
            }
        }
        return names;
    }
}
