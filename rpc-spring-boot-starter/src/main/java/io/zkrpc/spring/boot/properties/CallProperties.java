package io.zkrpc.spring.boot.properties;

import java.time.Duration;

import io.zkrpc.core.cluster.PolicyOverrides;

/** Call settings of one service or one method; each unset one is inherited. */
public class CallProperties {

    /** Timeout of one attempt. */
    private Duration timeout;

    /** Further attempts on other instances after a retryable failure. */
    private Integer retries;

    /** Whether calling twice is safe, so that timeouts and server errors are retried too. */
    private Boolean idempotent;

    /** Cluster strategy: failover, failfast, failsafe or forking. */
    private String cluster;

    /** Parallel attempts of the forking strategy. */
    private Integer forks;

    public PolicyOverrides toOverrides() {
        return new PolicyOverrides(timeout, retries, idempotent, cluster, forks);
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public Integer getRetries() {
        return retries;
    }

    public void setRetries(Integer retries) {
        this.retries = retries;
    }

    public Boolean getIdempotent() {
        return idempotent;
    }

    public void setIdempotent(Boolean idempotent) {
        this.idempotent = idempotent;
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public Integer getForks() {
        return forks;
    }

    public void setForks(Integer forks) {
        this.forks = forks;
    }
}
