package io.zkrpc.core.internal.provider;

import java.util.Collection;
import java.util.Optional;
import java.util.Set;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.internal.codec.Codec;
import io.zkrpc.core.internal.codec.JsonbCodec;
import io.zkrpc.core.internal.support.LogText;

/**
 * What the endpoint refuses from a request's line and headers alone, before reading its body:
 * another method than POST, another content type than zkrpc's (JSON or JSONB), and a call from a web page.
 *
 * <p>Requiring {@code application/json} (or JSONB's {@code application/x-zkrpc-jsonb}) means that a browser cannot send a call as a "simple"
 * cross-site request (those may only carry form or plain-text types); refusing an {@code Origin}
 * header stops the calls a page sends with the browser's CORS machinery. zkrpc's consumer never
 * sends an {@code Origin}.
 */
public final class EndpointGuard {

    /** Why a request is refused: the code, which fixes the HTTP status, and a short message. */
    public record Refusal(RpcErrorCode code, String message) {
    }

    private final Set<String> allowedOrigins;

    /**
     * @param allowedOrigins the {@code Origin} header values accepted (such as
     *                       {@code https://console.example.com}); {@code *} accepts every origin
     */
    public EndpointGuard(Collection<String> allowedOrigins) {
        this.allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /**
     * Why a request with this method and these headers is refused, or empty when it may be dispatched.
     *
     * @param contentType the {@code Content-Type} header, or {@code null}
     * @param origin the {@code Origin} header, or {@code null}
     */
    public Optional<Refusal> refusal(String method, String contentType, String origin) {
        if (!"POST".equals(method)) {
            return Optional.of(new Refusal(RpcErrorCode.BAD_REQUEST, "Use POST"));
        }
        if (Codec.forContentType(contentType) == null) {
            return Optional.of(new Refusal(RpcErrorCode.UNSUPPORTED_MEDIA_TYPE, "The content type must be "
                    + EncodedResponse.CONTENT_TYPE + " or " + JsonbCodec.CONTENT_TYPE + ", not " + (contentType == null ? "none" : "'" + LogText.clean(contentType, 64) + "'")));
        }
        if (origin != null && !allowedOrigins.contains("*") && !allowedOrigins.contains(origin)) {
            return Optional.of(new Refusal(RpcErrorCode.FORBIDDEN, "Calls from web pages are not allowed"));
        }
        return Optional.empty();
    }
}
