package io.zkrpc.spring.boot.e2e.consumer;

import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class TestConsumerApplication {
}
