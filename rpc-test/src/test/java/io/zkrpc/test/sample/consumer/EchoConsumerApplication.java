package io.zkrpc.test.sample.consumer;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Component;

import io.zkrpc.core.annotation.RpcReference;
import io.zkrpc.test.sample.api.Echo;

/** A consumer of {@link Echo}: the application under test. */
@SpringBootApplication
public class EchoConsumerApplication {

    @Component
    public static class EchoClient {

        @RpcReference
        Echo echo;

        public String echo(String text) {
            return echo.echo(text);
        }
    }
}
