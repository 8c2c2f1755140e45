package io.zkrpc.core.internal.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One secret, ready to sign: the key is derived once, and initialised {@link Mac}s are pooled, so
 * that a call costs one HMAC and no key setup (a pool rather than a thread-local, so that virtual
 * threads reuse them too).
 */
final class HmacKey {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Queue<Mac> idle = new ConcurrentLinkedQueue<>();

    HmacKey(String secret) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        idle.add(newMac());
    }

    /**
     * The HMAC of the first {@code length} characters of {@code signedText} (ASCII, as every field of
     * {@link CallHeaders} is) followed by the body's digest.
     */
    byte[] sign(String signedText, int length, byte[] bodyDigest) {
        Mac mac = idle.poll();
        if (mac == null) {
            mac = newMac();
        }
        try {
            // Every field is ASCII, so ISO-8859-1 is a plain copy of the text's bytes.
            byte[] ascii = signedText.getBytes(StandardCharsets.ISO_8859_1);
            mac.update(ascii, 0, length);
            mac.update(bodyDigest);
            return mac.doFinal(); // also resets it for the next call
        } finally {
            idle.offer(mac);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
