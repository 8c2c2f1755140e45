package io.zkrpc.core.internal.security;

/**
 * The headers that carry a call's signature, and the text they sign. The service and method travel
 * as headers too, so that a provider can pick the service's secret and check the signature before it
 * decodes a byte of the body; after decoding it checks that the body names the same ones.
 */
public final class CallHeaders {

    /** The service as the request's {@code service} field names it: {@code interface[:version]}. */
    public static final String SERVICE = "X-Zkrpc-Service";
    /** The method's wire signature, {@code name(type1,type2)}. */
    public static final String METHOD = "X-Zkrpc-Method";
    /** When the consumer signed the call, in milliseconds since the epoch. */
    public static final String TIMESTAMP = "X-Zkrpc-Timestamp";
    /** A value used once, so that a provider can refuse a replayed call. */
    public static final String NONCE = "X-Zkrpc-Nonce";
    /** The HMAC-SHA256 of the signed text, in unpadded URL-safe Base64. */
    public static final String SIGNATURE = "X-Zkrpc-Signature";

    /** Versions the signed text, so that a later format can never be mistaken for this one. */
    private static final String VERSION = "zkrpc-hmac-sha256-v1";

    private CallHeaders() {
    }

    /**
     * The text signed besides the body's digest: every field on its own line. Header values cannot
     * hold a line break, so no two different sets of fields give the same text.
     */
    static String signedText(String service, String method, String timestamp, String nonce) {
        return VERSION + '\n' + service + '\n' + method + '\n' + timestamp + '\n' + nonce + '\n';
    }

    /**
     * {@code value} as a header value: itself when it is printable ASCII without {@code %} (any usual
     * Java name), else percent-encoded UTF-8, so that non-ASCII names survive the trip unchanged.
     */
    public static String headerText(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '%') {
                return percentEncoded(value);
            }
        }
        return value;
    }

    private static String percentEncoded(String value) {
        StringBuilder text = new StringBuilder();
        for (byte b : value.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c <= 0x7e && c != '%') {
                text.append((char) c);
            } else {
                text.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return text.toString();
    }
}
