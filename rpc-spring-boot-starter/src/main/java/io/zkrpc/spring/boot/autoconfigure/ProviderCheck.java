package io.zkrpc.spring.boot.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.core.internal.provider.ProviderDispatcher;

/** Fails the start of an application that has {@code @RpcService} beans but cannot serve them. */
final class ProviderCheck implements SmartInitializingSingleton {

    private final ListableBeanFactory beans;
    private final ObjectProvider<ProviderDispatcher> dispatcher;

    ProviderCheck(ListableBeanFactory beans, ObjectProvider<ProviderDispatcher> dispatcher) {
        this.beans = beans;
        this.dispatcher = dispatcher;
    }

    @Override
    public void afterSingletonsInstantiated() {
        String[] services = beans.getBeanNamesForAnnotation(RpcService.class);
        if (services.length > 0 && dispatcher.getIfAvailable() == null) {
            throw new IllegalStateException("@RpcService beans " + String.join(", ", services)
                    + " need a servlet web server to be served; add spring-boot-starter-webmvc, or remove @RpcService");
        }
    }
}
