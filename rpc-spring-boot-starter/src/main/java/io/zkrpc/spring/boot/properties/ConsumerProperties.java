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

import io.zkrpc.core.cluster.OutlierDetection;

/** Settings of the consumer side: timeouts, balancing and connections; checked when bound. */
@ConfigurationProperties("zkrpc.consumer")
public class ConsumerProperties implements Validator {

    /** Default timeout of one attempt, from sending the request to reading and decoding the whole response; the provider is told what is left of it. */
    private Duration timeout = Duration.ofSeconds(3);

    /** Default number of further attempts, each on another instance, after a retryable failure. */
    private int retries = 2;

    /** Default cluster strategy: failover, failfast, failsafe or forking. */
    private String cluster = "failover";

    /** Default number of parallel attempts of the forking strategy. */
    private int forks = 2;

    /** Whether the application fails to start when a referenced service has no instance in the registry; @RpcReference(check = true) turns it on for one reference, zkrpc.consumer.services[...].check for one service. */
    private boolean check = false;

    /** Call settings per service, by interface name, e.g. zkrpc.consumer.services[com.example.UserService].timeout=1s; they override @RpcReference. */
    private Map<String, ServiceProperties> services = new LinkedHashMap<>();

    /** The retry budget per service. */
    private final RetryBudget retryBudget = new RetryBudget();

    /** When failing instances leave the rotation. */
    private final Outlier outlier = new Outlier();

    /** Timeout for opening a connection to a provider. */
    private Duration connectTimeout = Duration.ofSeconds(1);

    /** Default load balancer: round-robin, random, least-active, p2c, consistent-hash, or the name of a LoadBalancer bean; @RpcReference(loadBalancer) and zkrpc.consumer.services[...].load-balancer override it. */
    private String loadBalancer = "round-robin";

    /** Whether a call with the attachment zkrpc.tag that no instance of that tag can take fails with NO_PROVIDER rather than going where an untagged call goes. */
    private boolean tagStrict = false;

    /** Idle keep-alive connections kept in the pool; at least the expected concurrency. */
    private int maxIdleConnections = 64;

    /** Largest reply body accepted, counted after decompression; a larger one fails the call with PAYLOAD_TOO_LARGE as soon as it is known. */
    private DataSize maxResponseSize = DataSize.ofMegabytes(16);

    /** Wire format of this consumer's requests: json (the default, readable with curl) or jsonb (fastjson2's binary JSONB, sent as application/x-zkrpc-jsonb); providers answer in the format of the request, and one that cannot read JSONB fails the call with UNSUPPORTED_MEDIA_TYPE. */
    private String codec = "json";

    /** Packages (with their subpackages) whose exceptions a provider's error reply may be rebuilt as, besides those a method declares; empty means each service interface's own package. */
    private List<String> exceptionPackages = new ArrayList<>();

    /** TLS towards providers that register https. */
    private final Ssl ssl = new Ssl();

    @Override
    public boolean supports(Class<?> type) {
        return ConsumerProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        ConsumerProperties settings = (ConsumerProperties) target;
        String p = "zkrpc.consumer.";
        PropertyRules.positive(errors, "timeout", settings.timeout, p + "timeout");
        PropertyRules.atLeast(errors, "retries", settings.retries, 0, p + "retries", "further attempts after the first");
        PropertyRules.oneOf(errors, "cluster", settings.cluster, PropertyRules.CLUSTER_STRATEGIES, p + "cluster", "cluster strategy");
        PropertyRules.atLeast(errors, "forks", settings.forks, 1, p + "forks", "parallel attempts");
        PropertyRules.positive(errors, "connectTimeout", settings.connectTimeout, p + "connect-timeout");
        PropertyRules.atLeast(errors, "maxIdleConnections", settings.maxIdleConnections, 0, p + "max-idle-connections", "pooled connections");
        if (settings.loadBalancer == null || settings.loadBalancer.isBlank()) {
            PropertyRules.reject(errors, "loadBalancer", "is empty", "Set " + p + "load-balancer to round-robin, random, least-active, p2c, consistent-hash, or the name of a LoadBalancer bean.");
        }
        PropertyRules.oneOf(errors, "codec", settings.codec, List.of("json", "jsonb"), p + "codec", "codec");
        if (settings.maxResponseSize != null && settings.maxResponseSize.toBytes() <= 0) {
            PropertyRules.reject(errors, "maxResponseSize", "must be more than 0 bytes", "Set " + p + "max-response-size to a size such as 16MB.");
        }
        PropertyRules.share(errors, "retryBudget.ratio", settings.retryBudget.ratio, p + "retry-budget.ratio");
        PropertyRules.atLeast(errors, "retryBudget.minPerSecond", settings.retryBudget.minPerSecond, 0, p + "retry-budget.min-per-second", "retries per second");
        PropertyRules.atLeast(errors, "outlier.consecutiveFailures", settings.outlier.consecutiveFailures, 1, p + "outlier.consecutive-failures", "failures in a row");
        PropertyRules.share(errors, "outlier.failureRate", settings.outlier.failureRate, p + "outlier.failure-rate");
        PropertyRules.atLeast(errors, "outlier.minimumCalls", settings.outlier.minimumCalls, 1, p + "outlier.minimum-calls", "calls in the window");
        PropertyRules.positive(errors, "outlier.window", settings.outlier.window, p + "outlier.window");
        PropertyRules.positive(errors, "outlier.baseIsolation", settings.outlier.baseIsolation, p + "outlier.base-isolation");
        PropertyRules.positive(errors, "outlier.maxIsolation", settings.outlier.maxIsolation, p + "outlier.max-isolation");
        for (Map.Entry<String, ServiceProperties> service : settings.services.entrySet()) {
            String key = "services[" + service.getKey() + "].";
            PropertyRules.call(errors, key, service.getValue(), p + key);
            for (Map.Entry<String, MethodProperties> method : service.getValue().getMethods().entrySet()) {
                String methodKey = key + "methods[" + method.getKey() + "].";
                String methodProperty = p + key + "methods." + method.getKey() + ".";
                PropertyRules.call(errors, methodKey, method.getValue(), methodProperty);
                PropertyRules.positive(errors, methodKey + "cache.ttl", method.getValue().getCache().getTtl(), methodProperty + "cache.ttl");
                PropertyRules.atLeast(errors, methodKey + "cache.maxSize", method.getValue().getCache().getMaxSize(), 1,
                        methodProperty + "cache.max-size", "results held");
                PropertyRules.positive(errors, methodKey + "staleIfError", method.getValue().getStaleIfError(), methodProperty + "stale-if-error");
            }
        }
    }

    public Duration getTimeout() {
        return timeout;
    }

    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    public int getRetries() {
        return retries;
    }

    public void setRetries(int retries) {
        this.retries = retries;
    }

    public String getCluster() {
        return cluster;
    }

    public void setCluster(String cluster) {
        this.cluster = cluster;
    }

    public boolean isCheck() {
        return check;
    }

    public void setCheck(boolean check) {
        this.check = check;
    }

    public int getForks() {
        return forks;
    }

    public void setForks(int forks) {
        this.forks = forks;
    }

    public Map<String, ServiceProperties> getServices() {
        return services;
    }

    public void setServices(Map<String, ServiceProperties> services) {
        this.services = services;
    }

    public RetryBudget getRetryBudget() {
        return retryBudget;
    }

    public Outlier getOutlier() {
        return outlier;
    }

    public Duration getConnectTimeout() {
        return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
        this.connectTimeout = connectTimeout;
    }

    public String getCodec() {
        return codec;
    }

    public void setCodec(String codec) {
        this.codec = codec;
    }

    public String getLoadBalancer() {
        return loadBalancer;
    }

    public void setLoadBalancer(String loadBalancer) {
        this.loadBalancer = loadBalancer;
    }

    public boolean isTagStrict() {
        return tagStrict;
    }

    public void setTagStrict(boolean tagStrict) {
        this.tagStrict = tagStrict;
    }

    public int getMaxIdleConnections() {
        return maxIdleConnections;
    }

    public void setMaxIdleConnections(int maxIdleConnections) {
        this.maxIdleConnections = maxIdleConnections;
    }

    public DataSize getMaxResponseSize() {
        return maxResponseSize;
    }

    public void setMaxResponseSize(DataSize maxResponseSize) {
        this.maxResponseSize = maxResponseSize;
    }

    public List<String> getExceptionPackages() {
        return exceptionPackages;
    }

    public void setExceptionPackages(List<String> exceptionPackages) {
        this.exceptionPackages = exceptionPackages;
    }

    public Ssl getSsl() {
        return ssl;
    }

    /** How the consumer verifies providers over TLS, and what it presents to them. */
    public static class Ssl {

        /** Name of the Spring Boot SSL bundle (spring.ssl.bundle.*) whose trust store verifies providers and whose key store, if any, is the client certificate for mutual TLS; unset means the JDK's default trust and no client certificate. */
        private String bundle;

        public String getBundle() {
            return bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }

    /** Caps retries so that a broken service cannot multiply its traffic. */
    public static class RetryBudget {

        /** Retries allowed as a share of the calls over the last 10 seconds. */
        private double ratio = 0.1;

        /** Retries allowed per second whatever the traffic. */
        private int minPerSecond = 10;

        public double getRatio() {
            return ratio;
        }

        public void setRatio(double ratio) {
            this.ratio = ratio;
        }

        public int getMinPerSecond() {
            return minPerSecond;
        }

        public void setMinPerSecond(int minPerSecond) {
            this.minPerSecond = minPerSecond;
        }
    }

    /** Outlier isolation: failing instances are taken out of the rotation, then probed again. */
    public static class Outlier {

        /** Failures in a row that isolate an instance. */
        private int consecutiveFailures = 5;

        /** Share of failed calls within the window that isolates an instance. */
        private double failureRate = 0.5;

        /** Calls within the window before the failure rate counts. */
        private int minimumCalls = 20;

        /** Window of the failure rate. */
        private Duration window = Duration.ofSeconds(10);

        /** First isolation's pause; each repeat doubles it. */
        private Duration baseIsolation = Duration.ofSeconds(5);

        /** Longest isolation pause. */
        private Duration maxIsolation = Duration.ofSeconds(60);

        public OutlierDetection toSettings() {
            return new OutlierDetection(consecutiveFailures, failureRate, minimumCalls, window, baseIsolation, maxIsolation);
        }

        public int getConsecutiveFailures() {
            return consecutiveFailures;
        }

        public void setConsecutiveFailures(int consecutiveFailures) {
            this.consecutiveFailures = consecutiveFailures;
        }

        public double getFailureRate() {
            return failureRate;
        }

        public void setFailureRate(double failureRate) {
            this.failureRate = failureRate;
        }

        public int getMinimumCalls() {
            return minimumCalls;
        }

        public void setMinimumCalls(int minimumCalls) {
            this.minimumCalls = minimumCalls;
        }

        public Duration getWindow() {
            return window;
        }

        public void setWindow(Duration window) {
            this.window = window;
        }

        public Duration getBaseIsolation() {
            return baseIsolation;
        }

        public void setBaseIsolation(Duration baseIsolation) {
            this.baseIsolation = baseIsolation;
        }

        public Duration getMaxIsolation() {
            return maxIsolation;
        }

        public void setMaxIsolation(Duration maxIsolation) {
            this.maxIsolation = maxIsolation;
        }
    }
}
