package io.zkrpc.core.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Shared secrets with which consumers sign every call (HMAC-SHA256 over the service, the method,
 * a digest of the body, a timestamp and a nonce) and providers check it before decoding anything.
 * The same settings serve both sides: a consumer signs with the first secret of a list, a provider
 * accepts each secret of it, so that a secret can be rotated without downtime.
 *
 * <pre>{@code
 * CallAuthentication auth = CallAuthentication.secret(System.getenv("ZKRPC_SECRET"));
 * RpcServer.builder().registry(registry).authentication(auth)...
 * RpcClient.builder().registry(registry).authentication(auth)...
 * }</pre>
 *
 * <p>A provider with no secret accepts every call, signed or not; so does one whose secrets are
 * all per service, for the services without one.
 *
 * @param secrets the secrets of every service, current first; empty for none
 * @param serviceSecrets secrets of single services by interface name, current first, used instead of {@code secrets}
 * @param maxClockSkew how far a call's timestamp may be from the provider's clock, either way
 * @param replayCacheSize how many nonces a provider remembers to refuse a replayed call; past it the oldest
 *                        second is forgotten and calls signed in it are refused
 */
public record CallAuthentication(List<String> secrets, Map<String, List<String>> serviceSecrets, Duration maxClockSkew,
        int replayCacheSize) {

    /** The default window within which a call's timestamp must fall: 5 minutes either way. */
    public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofMinutes(5);

    /** The default size of a provider's replay cache, about 10 MB when full. */
    public static final int DEFAULT_REPLAY_CACHE_SIZE = 100_000;

    /** No authentication: calls go unsigned and every call is accepted. */
    public static final CallAuthentication NONE = new CallAuthentication(List.of(), Map.of(), DEFAULT_MAX_CLOCK_SKEW,
            DEFAULT_REPLAY_CACHE_SIZE);

    public CallAuthentication {
        secrets = checked(secrets, "secrets");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(serviceSecrets, "serviceSecrets").forEach((service, list) -> {
            if (service == null || service.isBlank()) {
                throw new IllegalArgumentException("A service secret needs an interface name");
            }
            List<String> checked = checked(list, "secrets of " + service);
            if (checked.isEmpty()) {
                throw new IllegalArgumentException("No secret for " + service);
            }
            copy.put(service, checked);
        });
        serviceSecrets = Map.copyOf(copy);
        Objects.requireNonNull(maxClockSkew, "maxClockSkew");
        if (maxClockSkew.isNegative() || maxClockSkew.isZero()) {
            throw new IllegalArgumentException("maxClockSkew must be positive: " + maxClockSkew);
        }
        if (replayCacheSize < 1) {
            throw new IllegalArgumentException("replayCacheSize must be positive: " + replayCacheSize);
        }
    }

    /** Signs with {@code secret}; a provider also accepts the {@code previous} ones, during a rotation. */
    public static CallAuthentication secret(String secret, String... previous) {
        return NONE.withSecrets(list(secret, previous));
    }

    /** These settings with {@code secrets} (current first) for every service that has none of its own. */
    public CallAuthentication withSecrets(List<String> secrets) {
        return new CallAuthentication(secrets, serviceSecrets, maxClockSkew, replayCacheSize);
    }

    /** These settings with {@code secret} (and, on a provider, the {@code previous} ones) for the service {@code interfaceName}. */
    public CallAuthentication withService(String interfaceName, String secret, String... previous) {
        Map<String, List<String>> services = new LinkedHashMap<>(serviceSecrets);
        services.put(interfaceName, list(secret, previous));
        return new CallAuthentication(secrets, services, maxClockSkew, replayCacheSize);
    }

    /** These settings with another clock skew window. */
    public CallAuthentication withMaxClockSkew(Duration maxClockSkew) {
        return new CallAuthentication(secrets, serviceSecrets, maxClockSkew, replayCacheSize);
    }

    /** These settings with another replay cache size. */
    public CallAuthentication withReplayCacheSize(int replayCacheSize) {
        return new CallAuthentication(secrets, serviceSecrets, maxClockSkew, replayCacheSize);
    }

    /** Whether any call is signed or checked at all. */
    public boolean enabled() {
        return !secrets.isEmpty() || !serviceSecrets.isEmpty();
    }

    /** The secrets of the service {@code interfaceName}, current first; empty when it has none. */
    public List<String> secretsOf(String interfaceName) {
        return serviceSecrets.getOrDefault(interfaceName, secrets);
    }

    /** Names the settings without revealing a secret. */
    @Override
    public String toString() {
        return "CallAuthentication[" + secrets.size() + " secret(s), per service " + serviceSecrets.keySet()
                + ", maxClockSkew=" + maxClockSkew + ", replayCacheSize=" + replayCacheSize + "]";
    }

    private static List<String> list(String first, String... more) {
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(List.of(more));
        return all;
    }

    private static List<String> checked(List<String> secrets, String what) {
        Objects.requireNonNull(secrets, what);
        for (String secret : secrets) {
            if (secret == null || secret.isEmpty()) {
                throw new IllegalArgumentException("An empty secret in " + what);
            }
        }
        return List.copyOf(secrets);
    }
}
