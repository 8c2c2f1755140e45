package io.zkrpc.core.internal.security;

import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.filter.MethodDescriptor;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.core.security.CallAuthentication;

/**
 * The provider side of {@link CallAuthentication}, in two steps. {@link #verify} runs on the raw
 * request, before anything is decoded: it refuses a missing, incomplete, expired, wrong or
 * replayed signature, checking it against each secret of the service the headers name. Once the
 * body is decoded, {@link #confirm} checks that it calls the service and method that were signed
 * (the body's digest is signed too, so only a holder of the secret could make them differ), and that
 * an unsigned call goes to a service that needs no signature.
 */
public final class SignatureVerifier {

    private static final int FIELDS = 6;

    private final List<HmacKey> defaultKeys;
    /** By interface name as a header carries it. */
    private final Map<String, List<HmacKey>> serviceKeys = new HashMap<>();
    private final long maxSkewMillis;
    private final Clock clock;
    private final NonceCache nonces;

    public SignatureVerifier(CallAuthentication authentication, Clock clock) {
        this.defaultKeys = keys(authentication.secrets());
        authentication.serviceSecrets().forEach((service, secrets) -> serviceKeys.put(CallHeaders.headerText(service), keys(secrets)));
        this.maxSkewMillis = authentication.maxClockSkew().toMillis();
        this.clock = clock;
        this.nonces = new NonceCache(authentication.replayCacheSize(), maxSkewMillis);
    }

    /** A verifier on the system clock. */
    public static SignatureVerifier of(CallAuthentication authentication) {
        return new SignatureVerifier(authentication, Clock.systemUTC());
    }

    /** Whether any call needs a signature. */
    public boolean enabled() {
        return !defaultKeys.isEmpty() || !serviceKeys.isEmpty();
    }

    /**
     * Checks the signature of a request whose headers {@code headers} looks up (by name, {@code null}
     * when absent) and whose whole body is {@code body}.
     */
    public Verdict verify(Function<String, String> headers, byte[] body) {
        if (!enabled()) {
            return Verdict.UNSIGNED;
        }
        String value = headers.apply(CallHeaders.SIGNATURE);
        if (value == null) {
            return defaultKeys.isEmpty() ? Verdict.UNSIGNED
                    : Verdict.refused("the call is not signed; set zkrpc.security.secret on the consumer too");
        }
        String[] fields = fields(value);
        if (fields == null) {
            return Verdict.refused("the call's signature header is not a " + CallHeaders.VERSION + " signature of six fields");
        }
        String service = fields[1];
        String method = fields[2];
        String nonce = fields[4];
        List<HmacKey> keys = keysOf(service);
        if (keys.isEmpty()) {
            return Verdict.UNSIGNED; // a service that needs no signature: confirm() checks the body calls it
        }
        long now = clock.millis();
        long signedAt;
        try {
            signedAt = Long.parseLong(fields[3]);
        } catch (NumberFormatException e) {
            return Verdict.refused("the call's timestamp is not a number");
        }
        if (Math.abs(now - signedAt) > maxSkewMillis) {
            return Verdict.refused("the call was signed " + (now - signedAt) + " ms before the provider's time, outside the "
                    + maxSkewMillis + " ms allowed either way (are the clocks in sync?)");
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(fields[5]);
        } catch (IllegalArgumentException e) {
            return Verdict.refused("the call's signature is not Base64");
        }
        byte[] digest = BodyDigest.of(body);
        int signedLength = value.lastIndexOf(' ');
        boolean valid = false;
        for (int i = 0; i < keys.size() && !valid; i++) {
            valid = MessageDigest.isEqual(keys.get(i).sign(value, signedLength, digest), given);
        }
        if (!valid) {
            return Verdict.refused("wrong signature: the consumer's secret is not one the provider accepts");
        }
        if (!nonces.firstUse(nonce, signedAt, now)) {
            return Verdict.refused("the call was replayed (its nonce was used before)");
        }
        return new Verdict(service, method, null);
    }

    /** The six fields of a signature header's value, or {@code null} when it has another shape or version. */
    private static String[] fields(String value) {
        String[] fields = new String[FIELDS];
        int start = 0;
        for (int i = 0; i < FIELDS; i++) {
            int end = i == FIELDS - 1 ? value.length() : value.indexOf(' ', start);
            if (end <= start) {
                return null;
            }
            fields[i] = value.substring(start, end);
            start = end + 1;
        }
        return fields[FIELDS - 1].indexOf(' ') < 0 && CallHeaders.VERSION.equals(fields[0]) && ascii(value) ? fields : null;
    }

    /** Whether every character is printable ASCII, as a signer writes it (the HMAC runs over its bytes). */
    private static boolean ascii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /**
     * Checks the decoded request against its {@code verdict}.
     *
     * @throws RpcException {@link RpcErrorCode#UNAUTHENTICATED} when the body calls another service or
     *                      method than the one signed, or a service that needs a signature unsigned
     */
    public void confirm(Verdict verdict, ServiceKey service, MethodDescriptor method) {
        if (verdict.signed()) {
            if (!verdict.service().equals(CallHeaders.headerText(service.serviceId()))
                    || !verdict.method().equals(CallHeaders.headerText(method.signature()))) {
                throw new RpcException(RpcErrorCode.UNAUTHENTICATED, "the body calls another service or method than the one signed");
            }
        } else if (!keysOf(CallHeaders.headerText(service.interfaceName())).isEmpty()) {
            throw new RpcException(RpcErrorCode.UNAUTHENTICATED, "the call to " + service.serviceId() + " is not signed");
        }
    }

    /** The keys of the service a header names as {@code interface[:version]}. */
    private List<HmacKey> keysOf(String service) {
        if (serviceKeys.isEmpty()) {
            return defaultKeys;
        }
        int colon = service.indexOf(':');
        return serviceKeys.getOrDefault(colon < 0 ? service : service.substring(0, colon), defaultKeys);
    }

    private static List<HmacKey> keys(List<String> secrets) {
        List<HmacKey> keys = new ArrayList<>();
        secrets.forEach(secret -> keys.add(new HmacKey(secret)));
        return List.copyOf(keys);
    }

    /**
     * The outcome of {@link #verify}: refused with a reason, signed for a service and method, or
     * unsigned (acceptable only for a service that needs no signature).
     */
    public record Verdict(String service, String method, String refusal) {

        static final Verdict UNSIGNED = new Verdict(null, null, null);

        static Verdict refused(String reason) {
            return new Verdict(null, null, reason);
        }

        /** Whether the call is refused; {@link #refusal()} says why. */
        public boolean refused() {
            return refusal != null;
        }

        /** Whether the call carries a valid signature. */
        public boolean signed() {
            return service != null && refusal == null;
        }
    }
}
