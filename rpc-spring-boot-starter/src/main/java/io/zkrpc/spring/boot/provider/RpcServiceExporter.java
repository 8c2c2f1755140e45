package io.zkrpc.spring.boot.provider;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.ApplicationContext;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.core.internal.provider.ProviderDispatcher;

/**
 * Exports every bean whose class carries {@link RpcService} into the provider dispatcher once all
 * singletons exist, preparing their method tables. Registration comes later, when the application
 * is ready.
 */
public class RpcServiceExporter implements SmartInitializingSingleton {

    private static final List<String> FRAMEWORK_PACKAGES = List.of("java.", "javax.", "jakarta.", "org.springframework.", "groovy.", "kotlin.");

    private final ApplicationContext context;
    private final ProviderDispatcher dispatcher;

    /** Exports the {@link RpcService} beans of {@code context} into {@code dispatcher}. */
    public RpcServiceExporter(ApplicationContext context, ProviderDispatcher dispatcher) {
        this.context = context;
        this.dispatcher = dispatcher;
    }

    /**
     * Exports each {@link RpcService} bean under the interfaces its annotation names, or else under
     * every interface it implements outside the JDK and the frameworks.
     */
    @Override
    public void afterSingletonsInstantiated() {
        for (Map.Entry<String, Object> entry : context.getBeansWithAnnotation(RpcService.class).entrySet()) {
            Object bean = entry.getValue();
            Class<?> type = AopUtils.getTargetClass(bean);
            RpcService service = AnnotationUtils.findAnnotation(type, RpcService.class);
            if (service == null) {
                continue;
            }
            for (Class<?> serviceInterface : exportedInterfaces(type, service, entry.getKey())) {
                dispatcher.export(serviceInterface, bean, service.version());
            }
        }
    }

    static List<Class<?>> exportedInterfaces(Class<?> type, RpcService service, String beanName) {
        List<Class<?>> interfaces = service.interfaces().length > 0
                ? Arrays.asList(service.interfaces())
                : Arrays.stream(ClassUtils.getAllInterfacesForClass(type))
                        .filter(candidate -> FRAMEWORK_PACKAGES.stream().noneMatch(candidate.getName()::startsWith))
                        .toList();
        if (interfaces.isEmpty()) {
            throw new IllegalStateException("@RpcService bean '" + beanName + "' (" + type.getName()
                    + ") implements no service interface to export");
        }
        for (Class<?> candidate : interfaces) {
            if (!candidate.isInterface() || !candidate.isAssignableFrom(type)) {
                throw new IllegalStateException("@RpcService bean '" + beanName + "' (" + type.getName()
                        + ") names " + candidate.getName() + ", which is not an interface it implements");
            }
        }
        return interfaces;
    }
}
