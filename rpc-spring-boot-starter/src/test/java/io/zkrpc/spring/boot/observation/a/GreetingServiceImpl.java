package io.zkrpc.spring.boot.observation.a;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.spring.boot.observation.TraceIds;
import io.zkrpc.spring.boot.observation.api.GreetingService;
import io.zkrpc.spring.boot.observation.api.NameService;

@RpcService
public class GreetingServiceImpl implements GreetingService {

    @RpcReference
    private NameService names;

    @Override
    public String greet(String name) {
        TraceIds.record("provider-a");
        return "Hello, " + names.fullName(name);
    }
}
