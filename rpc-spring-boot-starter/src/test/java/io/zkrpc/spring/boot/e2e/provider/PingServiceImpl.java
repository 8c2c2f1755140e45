package io.zkrpc.spring.boot.e2e.provider;

import org.springframework.stereotype.Component;

import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.spring.boot.e2e.api.PingService;

@Component
@RpcService
public class PingServiceImpl implements PingService {

    @Override
    public String ping(String who) {
        return "pong " + who;
    }
}
