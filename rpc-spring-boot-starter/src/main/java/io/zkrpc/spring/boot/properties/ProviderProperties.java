package io.zkrpc.spring.boot.properties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.zkrpc.core.cluster.Weights;
import io.zkrpc.core.internal.cluster.TagRouting;
import io.zkrpc.core.internal.contract.MethodDigests;

/** Settings of the provider side: the endpoint and what it accepts, the announced address and the shutdown; checked when bound. */
@ConfigurationProperties("zkrpc.provider")
public class ProviderProperties implements Validator {

    /** The metadata keys zkrpc sets itself, each from its own property or at registration. */
    private static final Map<String, String> RESERVED_METADATA = Map.of(
            Weights.KEY, "zkrpc.provider.weight",
            TagRouting.TAG, "zkrpc.provider.tag",
            Weights.WARMUP, "zkrpc.provider.warmup",
            Weights.START_TIME, "");

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

    /** Tag of this instance (metadata "tag"), at most 64 letters, digits, '.', '_' or '-', such as gray: calls with the attachment zkrpc.tag of that value go to it, and a gray rule sends it a share of untagged calls; unset for none. */
    private String tag;

    /** Weight of this instance among the service's instances (metadata "weight"), from 0 to 10000; 0 takes it out of rotation while any other instance is left. */
    private int weight = 100;

    /** How long after its start this instance ramps up to its full weight (metadata "warmup" in ms, beside "startTime"); 0 for none. Registration happens only once the application is ready, so the default is off; 60s to 2m suits services that need their JIT warm. */
    private Duration warmup = Duration.ZERO;

    /** Extra metadata registered with the instance (for example zone=eu-1); the keys zkrpc sets (weight, tag, warmup, startTime, methods.*) are refused: use their own properties. */
    private Map<String, String> metadata = new LinkedHashMap<>();

    /** Browser origins (Origin header values such as https://console.example.com) whose calls are accepted; a call from any other web page is refused with HTTP 403; '*' accepts all. */
    private List<String> allowedOrigins = new ArrayList<>();

    /** What one request may hold and how fast its body must arrive; beyond a limit the answer is HTTP 400. */
    private final Limits limits = new Limits();

    /** Whether Spring Boot's default servlet filters (character encoding, form content, request context) skip the RPC endpoint, which needs none of them; the application's other paths keep them. Set false when a service method reads the HTTP request through RequestContextHolder. */
    private boolean skipDefaultFilters = true;

    @Override
    public boolean supports(Class<?> type) {
        return ProviderProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        ProviderProperties settings = (ProviderProperties) target;
        String p = "zkrpc.provider.";
        if (settings.weight < 0 || settings.weight > Weights.MAX) {
            PropertyRules.reject(errors, "weight", "must be from 0 to " + Weights.MAX + " (0 takes the instance out of rotation)",
                    "Set " + p + "weight to a number from 0 to " + Weights.MAX + ", such as 100.");
        }
        PropertyRules.notNegative(errors, "warmup", settings.warmup, p + "warmup");
        if (settings.tag != null && !settings.tag.isBlank() && !TagRouting.isValidTag(settings.tag.trim())) {
            PropertyRules.reject(errors, "tag", "must be at most " + TagRouting.MAX_TAG_LENGTH + " letters, digits, '.', '_' or '-'",
                    "Set " + p + "tag to a name such as gray, or leave it unset for none.");
        }
        for (String key : settings.metadata.keySet()) {
            String reserved = reservedBy(key);
            if (reserved != null) {
                PropertyRules.reject(errors, "metadata[" + key + "]", "is metadata that zkrpc sets itself",
                        reserved.isEmpty() ? "Remove " + p + "metadata." + key + ": zkrpc sets it at registration."
                                : "Remove " + p + "metadata." + key + " and set " + reserved + " instead.");
            }
        }
    }

    /** The property that sets metadata {@code key}, an empty string when zkrpc sets it alone, or {@code null} when it is free. */
    private static String reservedBy(String key) {
        if (key.regionMatches(true, 0, MethodDigests.KEY_PREFIX, 0, MethodDigests.KEY_PREFIX.length())) {
            return "";
        }
        for (Map.Entry<String, String> reserved : RESERVED_METADATA.entrySet()) {
            if (reserved.getKey().equalsIgnoreCase(key)) {
                return reserved.getValue();
            }
        }
        return null;
    }

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

    public boolean isSkipDefaultFilters() {
        return skipDefaultFilters;
    }

    public void setSkipDefaultFilters(boolean skipDefaultFilters) {
        this.skipDefaultFilters = skipDefaultFilters;
    }

    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    public Limits getLimits() {
        return limits;
    }

    public String getTag() {
        return tag;
    }

    public void setTag(String tag) {
        this.tag = tag;
    }

    public int getWeight() {
        return weight;
    }

    public void setWeight(int weight) {
        this.weight = weight;
    }

    public Duration getWarmup() {
        return warmup;
    }

    public void setWarmup(Duration warmup) {
        this.warmup = warmup;
    }

    public Map<String, String> getMetadata() {
        return metadata;
    }

    public void setMetadata(Map<String, String> metadata) {
        this.metadata = metadata;
    }

    /** Limits on one request, checked while its body is read and parsed, before any value is built. */
    public static class Limits {

        /** Deepest nesting of objects and arrays, counting the request object itself. */
        private int maxDepth = 64;

        /** Longest number literal, in characters (its exponent has at most 4 digits besides). */
        private int maxNumberLength = 100;

        /** Longest string or field name, as sent. */
        private DataSize maxStringLength = DataSize.ofMegabytes(1);

        /** Most elements of one array or members of one object. */
        private int maxCollectionSize = 100_000;

        /** Most attachments of one request. */
        private int maxAttachments = 64;

        /** Longest time the request body may take to arrive, from its first read. */
        private Duration bodyReadTimeout = Duration.ofSeconds(30);

        /** Slowest average rate, per second, at which the body must arrive once the grace has passed; 0 for none. */
        private DataSize minBodyRate = DataSize.ofKilobytes(1);

        /** How long a body may take before the minimum rate applies. */
        private Duration minBodyRateGrace = Duration.ofSeconds(5);

        public int getMaxDepth() {
            return maxDepth;
        }

        public void setMaxDepth(int maxDepth) {
            this.maxDepth = maxDepth;
        }

        public int getMaxNumberLength() {
            return maxNumberLength;
        }

        public void setMaxNumberLength(int maxNumberLength) {
            this.maxNumberLength = maxNumberLength;
        }

        public DataSize getMaxStringLength() {
            return maxStringLength;
        }

        public void setMaxStringLength(DataSize maxStringLength) {
            this.maxStringLength = maxStringLength;
        }

        public int getMaxCollectionSize() {
            return maxCollectionSize;
        }

        public void setMaxCollectionSize(int maxCollectionSize) {
            this.maxCollectionSize = maxCollectionSize;
        }

        public int getMaxAttachments() {
            return maxAttachments;
        }

        public void setMaxAttachments(int maxAttachments) {
            this.maxAttachments = maxAttachments;
        }

        public Duration getBodyReadTimeout() {
            return bodyReadTimeout;
        }

        public void setBodyReadTimeout(Duration bodyReadTimeout) {
            this.bodyReadTimeout = bodyReadTimeout;
        }

        public DataSize getMinBodyRate() {
            return minBodyRate;
        }

        public void setMinBodyRate(DataSize minBodyRate) {
            this.minBodyRate = minBodyRate;
        }

        public Duration getMinBodyRateGrace() {
            return minBodyRateGrace;
        }

        public void setMinBodyRateGrace(Duration minBodyRateGrace) {
            this.minBodyRateGrace = minBodyRateGrace;
        }
    }
}
