package io.zkrpc.test.internal;

import java.util.Map;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

import io.zkrpc.test.ZkRpcKit;
import io.zkrpc.test.ZkRpcTest;

/**
 * Before the test's context refreshes: starts the kit's ZooKeeper, points the application at it (winning
 * over its own configuration), sets test-friendly defaults it may override, starts the declared providers,
 * and registers the kit as a bean closed with the context.
 */
final class KitContextCustomizer implements ContextCustomizer {

    static final String KIT_BEAN = "zkrpcTestKit";

    private final ZkRpcTest declaration;

    KitContextCustomizer(ZkRpcTest declaration) {
        this.declaration = declaration;
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        DefaultZkRpcKit kit;
        try {
            kit = new DefaultZkRpcKit(declaration);
        } catch (Exception e) {
            throw new IllegalStateException("The zkrpc test kit could not start its ZooKeeper", e);
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("zkrpcTestKit", Map.of(
                "zkrpc.registry.address", kit.zooKeeperAddress(),
                "zkrpc.registry.embedded", "false")));
        context.getEnvironment().getPropertySources().addLast(new MapPropertySource("zkrpcTestKitDefaults", Map.of(
                "zkrpc.registry.session-timeout", "3s",
                "zkrpc.registry.snapshot-file", kit.workDirectory().resolve("test-application.json").toString())));
        // A singleton with a disposable registration, not a bean definition with a destroy method: the context
        // destroys it when it closes and also when its refresh fails, which a definition never created would not.
        ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
        beanFactory.registerSingleton(KIT_BEAN, kit);
        if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
            registry.registerDisposableBean(KIT_BEAN, kit::close);
        }
        beanFactory.registerSingleton("zkrpcTestSessionControl", kit.ownSession());
        beanFactory.registerResolvableDependency(ZkRpcKit.class, kit);
        try {
            kit.attach(context);
        } catch (RuntimeException e) {
            try {
                kit.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KitContextCustomizer that && declaration.equals(that.declaration);
    }

    @Override
    public int hashCode() {
        return declaration.hashCode();
    }
}
