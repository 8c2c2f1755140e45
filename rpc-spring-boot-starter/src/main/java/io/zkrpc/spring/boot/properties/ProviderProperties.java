package io.zkrpc.spring.boot.properties;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Settings of the provider side: the endpoint, the announced address and the shutdown. */
@ConfigurationProperties("zkrpc.provider")
public class ProviderProperties {

    /** Path of the RPC endpoint on the application's web server. */
    private String path = "/zkrpc";

    /** Host announced to consumers; unset takes server.address when it is a specific address, else a detected site-local address. */
    private String host;

    /** Largest request body accepted; larger ones are answered with HTTP 413. */
    private DataSize maxRequestSize = DataSize.ofMegabytes(8);

    /** How long to wait after unregistering, at shutdown, for consumers to stop sending calls. */
    private Duration unregisterDelay = Duration.ofSeconds(1);

    /** How long running calls may take to finish at shutdown before the web server stops. */
    private Duration drainTimeout = Duration.ofSeconds(10);

    /** Extra metadata registered with the instance (for example tags). */
    private Map<String, String> metadata = new LinkedHashMap<>();

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public DataSize getMaxRequestSize() {
        return maxRequestSize;
    }

    public void setMaxRequestSize(DataSize maxRequestSize) {
        this.maxRequestSize = maxRequestSize;
    }

    public Duration getUnregisterDelay() {
        return unregisterDelay;
    }

    public void setUnregisterDelay(Duration unregisterDelay) {
        this.unregisterDelay = unregisterDelay;
    }

    public Duration getDrainTimeout() {
        return drainTimeout;
    }

    public void setDrainTimeout(Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    public Map<String, String> getMetadata() {
        return metadata;
    }

    public void setMetadata(Map<String, String> metadata) {
        this.metadata = metadata;
    }
}
