package io.zkrpc.spring.boot.properties;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings shared by providers and consumers. */
@ConfigurationProperties("zkrpc")
public class ZkRpcProperties {

    /**
     * Environment the application's services are registered and looked up in; a provider serves
     * only consumers of the same environment.
     */
    private String environment = "default";

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }
}
