package io.zkrpc.spring.boot.properties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

import io.zkrpc.core.security.CallAuthentication;

/**
 * Authentication of calls, the same on consumers and providers: consumers sign each call with the
 * secret, providers accept the secret and the previous ones.
 */
@ConfigurationProperties("zkrpc.security")
public class SecurityProperties {

    /** Shared secret with which consumers sign every call and providers check it; unset, calls go unsigned and providers accept any. */
    private String secret;

    /** Secrets that providers still accept besides the secret, while consumers move to a new one (rotation). */
    private List<String> previousSecrets = new ArrayList<>();

    /** Secrets of single services by interface name, e.g. zkrpc.security.services[com.example.UserService].secret, used instead of the shared one. */
    private Map<String, ServiceSecret> services = new LinkedHashMap<>();

    /** How far a call's signing time may be from the provider's clock, either way; older calls are refused. */
    private Duration maxClockSkew = CallAuthentication.DEFAULT_MAX_CLOCK_SKEW;

    /** How many nonces of recent calls a provider remembers to refuse replays (about 100 bytes each). */
    private int replayCacheSize = CallAuthentication.DEFAULT_REPLAY_CACHE_SIZE;

    /** These settings as the core's {@link CallAuthentication}. */
    public CallAuthentication toAuthentication() {
        CallAuthentication authentication = CallAuthentication.NONE.withMaxClockSkew(maxClockSkew).withReplayCacheSize(replayCacheSize);
        if (hasText(secret)) {
            authentication = authentication.withSecrets(secrets(secret, previousSecrets));
        } else if (!previousSecrets.isEmpty()) {
            throw new IllegalStateException("zkrpc.security.previous-secrets is set without zkrpc.security.secret");
        }
        for (Map.Entry<String, ServiceSecret> service : services.entrySet()) {
            ServiceSecret settings = service.getValue();
            if (!hasText(settings.getSecret())) {
                throw new IllegalStateException("zkrpc.security.services[" + service.getKey() + "].secret is not set");
            }
            List<String> all = secrets(settings.getSecret(), settings.getPreviousSecrets());
            authentication = authentication.withService(service.getKey(), all.get(0), all.subList(1, all.size()).toArray(String[]::new));
        }
        return authentication;
    }

    private static List<String> secrets(String current, List<String> previous) {
        List<String> all = new ArrayList<>();
        all.add(current);
        previous.stream().filter(SecurityProperties::hasText).forEach(all::add);
        return all;
    }

    private static boolean hasText(String value) {
        return value != null && !value.isBlank();
    }

    public String getSecret() {
        return secret;
    }

    public void setSecret(String secret) {
        this.secret = secret;
    }

    public List<String> getPreviousSecrets() {
        return previousSecrets;
    }

    public void setPreviousSecrets(List<String> previousSecrets) {
        this.previousSecrets = previousSecrets;
    }

    public Map<String, ServiceSecret> getServices() {
        return services;
    }

    public void setServices(Map<String, ServiceSecret> services) {
        this.services = services;
    }

    public Duration getMaxClockSkew() {
        return maxClockSkew;
    }

    public void setMaxClockSkew(Duration maxClockSkew) {
        this.maxClockSkew = maxClockSkew;
    }

    public int getReplayCacheSize() {
        return replayCacheSize;
    }

    public void setReplayCacheSize(int replayCacheSize) {
        this.replayCacheSize = replayCacheSize;
    }

    /** The secrets of one service. */
    public static class ServiceSecret {

        /** Secret with which consumers sign the calls of this service and its providers check them. */
        private String secret;

        /** Secrets that this service's providers still accept besides its secret (rotation). */
        private List<String> previousSecrets = new ArrayList<>();

        public String getSecret() {
            return secret;
        }

        public void setSecret(String secret) {
            this.secret = secret;
        }

        public List<String> getPreviousSecrets() {
            return previousSecrets;
        }

        public void setPreviousSecrets(List<String> previousSecrets) {
            this.previousSecrets = previousSecrets;
        }
    }
}
