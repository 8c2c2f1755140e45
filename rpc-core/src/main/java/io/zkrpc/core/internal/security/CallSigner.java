package io.zkrpc.core.internal.security;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.security.CallAuthentication;

/**
 * The consumer side of {@link CallAuthentication}: adds the signature headers of {@link CallHeaders}
 * to each request, signed with the first secret of the call's service. A service without a secret
 * goes unsigned.
 */
public final class CallSigner {

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final HmacKey defaultKey;
    private final Map<String, HmacKey> serviceKeys = new HashMap<>();
    private final Clock clock;
    /** Random per signer, then counted: unique nonces without drawing from a secure random per call. */
    private final long noncePrefix = new SecureRandom().nextLong();
    private final AtomicLong nonceCounter = new AtomicLong();

    public CallSigner(CallAuthentication authentication, Clock clock) {
        this.defaultKey = authentication.secrets().isEmpty() ? null : new HmacKey(authentication.secrets().get(0));
        authentication.serviceSecrets().forEach((service, secrets) -> serviceKeys.put(service, new HmacKey(secrets.get(0))));
        this.clock = clock;
    }

    /** A signer on the system clock. */
    public static CallSigner of(CallAuthentication authentication) {
        return new CallSigner(authentication, Clock.systemUTC());
    }

    /** Whether this signer signs anything. */
    public boolean enabled() {
        return defaultKey != null || !serviceKeys.isEmpty();
    }

    /** Passes the signature headers of {@code invocation}, whose request body is {@code body}, to {@code header}. */
    public void sign(Invocation invocation, byte[] body, BiConsumer<String, String> header) {
        HmacKey key = serviceKeys.isEmpty() ? defaultKey : serviceKeys.getOrDefault(invocation.service().interfaceName(), defaultKey);
        if (key == null) {
            return;
        }
        String service = CallHeaders.headerText(invocation.service().serviceId());
        String method = CallHeaders.headerText(invocation.method().signature());
        String timestamp = Long.toString(clock.millis());
        String nonce = nextNonce();
        byte[] signature = key.sign(service, method, timestamp, nonce, BodyDigest.of(body));
        header.accept(CallHeaders.SERVICE, service);
        header.accept(CallHeaders.METHOD, method);
        header.accept(CallHeaders.TIMESTAMP, timestamp);
        header.accept(CallHeaders.NONCE, nonce);
        header.accept(CallHeaders.SIGNATURE, BASE64.encodeToString(signature));
    }

    private String nextNonce() {
        return BASE64.encodeToString(ByteBuffer.allocate(16).putLong(noncePrefix).putLong(nonceCounter.incrementAndGet()).array());
    }
}
