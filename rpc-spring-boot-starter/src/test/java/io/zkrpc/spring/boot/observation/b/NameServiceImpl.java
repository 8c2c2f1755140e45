package io.zkrpc.spring.boot.observation.b;

import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.spring.boot.observation.TraceIds;
import io.zkrpc.spring.boot.observation.api.NameService;
import io.zkrpc.spring.boot.observation.api.UnknownNameException;

@RpcService
public class NameServiceImpl implements NameService {

    @Override
    public String fullName(String name) {
        TraceIds.record("provider-b");
        if (name.isEmpty()) {
            throw new UnknownNameException("no name");
        }
        return name + " Smith";
    }
}
