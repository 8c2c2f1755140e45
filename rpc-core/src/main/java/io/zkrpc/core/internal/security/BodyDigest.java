package io.zkrpc.core.internal.security;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The SHA-256 digest of a request body, from pooled {@link MessageDigest}s. */
final class BodyDigest {

    private static final Queue<MessageDigest> IDLE = new ConcurrentLinkedQueue<>();

    private BodyDigest() {
    }

    static byte[] of(byte[] body) {
        MessageDigest digest = IDLE.poll();
        if (digest == null) {
            digest = newDigest();
        }
        try {
            return digest.digest(body); // also resets it
        } finally {
            IDLE.offer(digest);
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
