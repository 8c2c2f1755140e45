package io.zkrpc.spring.boot.e2e.api;

public interface ClockService {

    long now();
}
