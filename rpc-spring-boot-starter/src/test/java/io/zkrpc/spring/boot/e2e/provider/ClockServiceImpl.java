package io.zkrpc.spring.boot.e2e.provider;

import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.spring.boot.e2e.api.ClockService;

/** Annotated and in the scanned package, but also declared by a {@code @Bean} method: must stay one bean. */
@RpcService
public class ClockServiceImpl implements ClockService {

    @Override
    public long now() {
        return System.currentTimeMillis();
    }
}
