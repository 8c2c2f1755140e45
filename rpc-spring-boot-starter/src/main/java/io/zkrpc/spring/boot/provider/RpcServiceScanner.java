package io.zkrpc.spring.boot.provider;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
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
import org.springframework.util.ClassUtils;

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

    /**
     * Registers a bean definition for each {@link RpcService} class not defined already; does
     * nothing outside a Spring Boot application, which has no auto-configuration packages to scan.
     */
    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) throws BeansException {
        if (!(registry instanceof BeanFactory beanFactory) || !AutoConfigurationPackages.has(beanFactory)) {
            return;
        }
        Set<String> defined = definedClassNames(registry);
        ClassLoader classLoader = resourceLoader == null ? getClass().getClassLoader() : resourceLoader.getClassLoader();
        List<Class<?>> declaredTypes = new ArrayList<>();
        for (String name : factoryReturnTypeNames(registry)) {
            Class<?> declared = load(name, classLoader);
            if (declared != null && declared != Object.class) {
                declaredTypes.add(declared);
            }
        }
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false, environment);
        scanner.setResourceLoader(resourceLoader);
        scanner.addIncludeFilter(new AnnotationTypeFilter(RpcService.class));
        AnnotationBeanNameGenerator names = AnnotationBeanNameGenerator.INSTANCE;
        for (String basePackage : AutoConfigurationPackages.get(beanFactory)) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(basePackage)) {
                Class<?> type = load(candidate.getBeanClassName(), classLoader);
                // A @Bean method may declare an interface and return this very class: that bean is the one.
                boolean declaredElsewhere = type != null && declaredTypes.stream().anyMatch(declared -> declared.isAssignableFrom(type));
                if (!declaredElsewhere && defined.add(candidate.getBeanClassName())) {
                    String name = names.generateBeanName(candidate, registry);
                    registry.registerBeanDefinition(name, candidate);
                    log.debug("Registered @RpcService class {} as bean '{}'", candidate.getBeanClassName(), name);
                }
            }
        }
    }

    /** Nothing to do: every definition is added before the bean factory is post-processed. */
    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }

    private static Class<?> load(String name, ClassLoader classLoader) {
        try {
            return name == null ? null : ClassUtils.forName(name, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    /** The declared return types of the {@code @Bean} methods. */
    private static Set<String> factoryReturnTypeNames(BeanDefinitionRegistry registry) {
        Set<String> names = new HashSet<>();
        for (String beanName : registry.getBeanDefinitionNames()) {
            if (registry.getBeanDefinition(beanName) instanceof AnnotatedBeanDefinition annotated
                    && annotated.getFactoryMethodMetadata() != null) {
                names.add(annotated.getFactoryMethodMetadata().getReturnTypeName());
            }
        }
        return names;
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
