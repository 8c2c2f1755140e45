package io.zkrpc.spring.boot.e2e.api;

public interface PingService {

    String ping(String who);
}
