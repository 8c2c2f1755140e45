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
 * The consumer side of {@link CallAuthentication}: adds the signature header of {@link CallHeaders}
 * to each request, signed with the first secret of the call's service. A service without a secret
 * goes unsigned.
 */
public final class CallSigner {

    static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final HmacKey defaultKey;
    private final Map<String, HmacKey> serviceKeys = new HashMap<>();
    private final Clock clock;
    /** Random per signer, then counted: unique nonces without drawing from a secure random per call. */
    private final String noncePrefix = BASE64.encodeToString(ByteBuffer.allocate(Long.BYTES).putLong(new SecureRandom().nextLong()).array());
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

    /** Passes the signature header of {@code invocation}, whose request body is {@code body}, to {@code header}. */
    public void sign(Invocation invocation, byte[] body, BiConsumer<String, String> header) {
        HmacKey key = serviceKeys.isEmpty() ? defaultKey : serviceKeys.getOrDefault(invocation.service().interfaceName(), defaultKey);
        if (key == null) {
            return;
        }
        String signed = CallHeaders.VERSION + ' ' + CallHeaders.headerText(invocation.service().serviceId())
                + ' ' + CallHeaders.headerText(invocation.method().signature()) + ' ' + clock.millis()
                + ' ' + noncePrefix + '.' + Long.toString(nonceCounter.incrementAndGet(), Character.MAX_RADIX);
        byte[] signature = key.sign(signed, signed.length(), BodyDigest.of(body));
        header.accept(CallHeaders.SIGNATURE, signed + ' ' + BASE64.encodeToString(signature));
    }
}
