package io.zkrpc.spring.boot.properties;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the consumer side: timeouts, balancing and connections. */
@ConfigurationProperties("zkrpc.consumer")
public class ConsumerProperties {

    /** Default call timeout, from sending the request to reading the whole response; @RpcReference(timeout) overrides it. */
    private Duration timeout = Duration.ofSeconds(3);

    /** Timeout for opening a connection to a provider. */
    private Duration connectTimeout = Duration.ofSeconds(1);

    /** Default load balancer: round-robin or random; @RpcReference(loadBalancer) overrides it. */
    private String loadBalancer = "round-robin";

    /** Idle keep-alive connections kept in the pool; at least the expected concurrency. */
    private int maxIdleConnections = 64;

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public String getLoadBalancer() {
        return loadBalancer;
    }

    public void setLoadBalancer(String loadBalancer) {
        this.loadBalancer = loadBalancer;
    }

    public int getMaxIdleConnections() {
        return maxIdleConnections;
    }

    public void setMaxIdleConnections(int maxIdleConnections) {
        this.maxIdleConnections = maxIdleConnections;
    }
}
