package io.zkrpc.demo.provider;

import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** {@code host:port} of this provider, so that each answer says which instance served it. */
@Component
public class InstanceName {

    private final Environment environment;

    public InstanceName(Environment environment) {
        this.environment = environment;
    }

    public String get() {
        return environment.getProperty("zkrpc.provider.host", "127.0.0.1") + ":" + environment.getProperty("local.server.port");
    }
}
