package io.zkrpc.test.sample.provider;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.core.env.Environment;

import io.zkrpc.core.annotation.RpcService;
import io.zkrpc.test.sample.api.Echo;

/** A provider of {@link Echo}, started in-process by the kit. */
@SpringBootApplication
public class EchoProviderApplication {

    /** Serializable too, which is not exported: {@link io.zkrpc.test.RunningProvider#services()} must not list it. */
    @RpcService
    static class EchoImpl implements Echo, java.io.Serializable {

        private final Environment environment;

        EchoImpl(Environment environment) {
            this.environment = environment;
        }

        @Override
        public String echo(String text) {
            return text + "@127.0.0.1:" + environment.getProperty("local.server.port");
        }
    }
}
