package io.zkrpc.spring.boot.e2e.consumer;

import org.springframework.stereotype.Component;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.spring.boot.e2e.api.CatalogService;
import io.zkrpc.spring.boot.e2e.api.PingService;

/** Receives one proxy through its constructor and one into a field. */
@Component
public class CatalogClient {

    private final CatalogService catalog;

    @RpcReference(timeout = "2s")
    private PingService ping;

    public CatalogClient(@RpcReference CatalogService catalog) {
        this.catalog = catalog;
    }

    public CatalogService catalog() {
        return catalog;
    }

    public PingService ping() {
        return ping;
    }
}
