package io.zkrpc.spring.boot.filters.provider;

import io.zkrpc.core.RpcContext;
import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.spring.boot.filters.FilterLog;
import io.zkrpc.spring.boot.filters.api.ContextService;

@RpcService
public class ContextServiceImpl implements ContextService {

    /** Itself, called remotely: a call made while serving one. */
    @RpcReference
    private ContextService self;

    @Override
    public String relay(String name) {
        return self.attachment(name);
    }

    @Override
    public String attachment(String name) {
        FilterLog.ENTRIES.add("bean");
        return RpcContext.current().getAttachment(name);
    }

    @Override
    public String greet(String who) {
        FilterLog.ENTRIES.add("bean");
        return "hello " + who;
    }
}
