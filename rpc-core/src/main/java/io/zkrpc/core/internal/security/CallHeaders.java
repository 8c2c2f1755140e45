package io.zkrpc.core.internal.security;

import java.nio.charset.StandardCharsets;

/**
 * The one header that carries a call's signature, and the text it signs. Its value is
 * {@code v1 <service> <method> <timestamp> <nonce> <signature>}, fields separated by one space:
 * the service ({@code interface[:version]}, as the request's {@code service} field names it) and the
 * method's wire signature ({@code name(type1,type2)}) travel in it so that a provider can pick the
 * service's secret and check the signature before it decodes a byte of the body (after decoding it
 * checks that the body names the same ones); the timestamp is when the consumer signed, in
 * milliseconds since the epoch; the nonce is used once, so that a replay is refused; the signature is
 * the HMAC-SHA256, in unpadded URL-safe Base64, of everything before it in the value followed by the
 * SHA-256 digest of the body. One header rather than five: fewer bytes to write and parse per call.
 */
public final class CallHeaders {

    /** The header's name. */
    public static final String SIGNATURE = "X-Zkrpc-Signature";

    /** The value's first field: versions the format, so that a later one can never be mistaken for this one. */
    static final String VERSION = "v1";

    private CallHeaders() {
    }

    /**
     * {@code value} as a field of the header: itself when it is printable ASCII without a space or
     * {@code %} (any usual Java name), else percent-encoded UTF-8, so that non-ASCII names survive the
     * trip unchanged and no field holds the separator.
     */
    public static String headerText(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!plain(value.charAt(i))) {
                return percentEncoded(value);
            }
        }
        return value;
    }

    private static boolean plain(int c) {
        return c > 0x20 && c <= 0x7e && c != '%';
    }

    private static String percentEncoded(String value) {
        StringBuilder text = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (plain(c)) {
                text.append((char) c);
            } else {
                text.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return text.toString();
    }
}
