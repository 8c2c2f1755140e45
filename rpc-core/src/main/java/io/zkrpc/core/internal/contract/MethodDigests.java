package io.zkrpc.core.internal.contract;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import java.util.TreeSet;

import io.zkrpc.core.registry.ServiceKey;

/**
 * The compact list of the methods a provider exports, published in its instance metadata under
 * {@code methods.<serviceId>} (such as {@code methods.com.example.UserService}, or
 * {@code methods.com.example.UserService:2.0} for a version), one key per exported service, since
 * one instance registers every service with the same metadata: per method, the first 8 hex digits (32 bits) of the SHA-256 of its wire
 * signature {@code name(type1,type2)} in UTF-8 (erased type names as {@code Class#getTypeName()}
 * gives them, as the request's {@code parameterTypes} carries them), sorted and comma-separated.
 * An operator computes one with {@code printf 'findById(long)' | sha256sum | cut -c1-8}.
 *
 * <p>The value is read from the registry, so {@link #parse} trusts nothing: anything but a list of
 * well-formed digests within {@link #MAX_LENGTH} reads as "unknown", and an instance with an unknown
 * list is taken to export every method (as a provider from before this key does).
 */
public final class MethodDigests {

    /** The prefix of the instance metadata key holding the digests of the methods of one exported service: {@code methods.<serviceId>}. */
    public static final String KEY_PREFIX = "methods.";
    /** The instance metadata key holding the provider's version, named in errors; set by zkrpc only when the user set none. */
    public static final String VERSION_KEY = "version";
    /** Hex digits per method. */
    static final int DIGITS = 8;
    /**
     * The longest list read (910 methods), and the most a provider publishes over all its services
     * together, keys included: about half of the registry's 16 KiB per instance node, the rest left
     * to the other metadata. A service whose list does not fit publishes none, and is taken to
     * export every method.
     */
    public static final int MAX_LENGTH = 910 * (DIGITS + 1) - 1;

    private static final HexFormat HEX = HexFormat.of();

    private MethodDigests() {
    }

    /** The metadata key of the method digests of {@code service}. */
    public static String key(ServiceKey service) {
        return KEY_PREFIX + service.serviceId();
    }

    /** The digest of one wire signature, such as {@code findById(long)}: 8 lowercase hex digits. */
    public static String of(String signature) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(signature.getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(hash, 0, DIGITS / 2);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    /**
     * The value to publish for a service exporting {@code signatures}, or {@code null} when it would
     * be longer than {@link #MAX_LENGTH} (then nothing is published).
     */
    public static String publish(Collection<String> signatures) {
        Set<String> sorted = new TreeSet<>();
        for (String signature : signatures) {
            sorted.add(of(signature));
        }
        String value = String.join(",", sorted);
        return value.length() > MAX_LENGTH ? null : value;
    }

    /**
     * The digests in a published value, or {@code null} when the value is absent, too long or
     * malformed (anything but 8 lowercase hex digits between commas): an unknown contract.
     */
    public static Set<String> parse(String value) {
        if (value == null || value.length() > MAX_LENGTH) {
            return null;
        }
        if (value.isEmpty()) {
            return Set.of();
        }
        if ((value.length() + 1) % (DIGITS + 1) != 0) {
            return null;
        }
        Set<String> digests = new HashSet<>();
        for (int start = 0; start < value.length(); start += DIGITS + 1) {
            int end = start + DIGITS;
            if (end < value.length() && value.charAt(end) != ',') {
                return null;
            }
            for (int i = start; i < end; i++) {
                char c = value.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    return null;
                }
            }
            digests.add(value.substring(start, end));
        }
        return digests;
    }
}
