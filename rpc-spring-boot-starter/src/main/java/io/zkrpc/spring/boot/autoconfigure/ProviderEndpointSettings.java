package io.zkrpc.spring.boot.autoconfigure;

import io.zkrpc.core.provider.RequestLimits;
import io.zkrpc.spring.boot.properties.ProviderProperties;

/** The provider endpoint's servlet mapping and request limits, checked and converted for the servlet and the dispatcher. */
final class ProviderEndpointSettings {

    /** Below {@link Integer#MAX_VALUE}: some JVMs cannot allocate an array of exactly that length. */
    static final int LARGEST_ARRAY = Integer.MAX_VALUE - 8;

    private ProviderEndpointSettings() {
    }

    /** The servlet mapping: a path below {@code /}, so that the endpoint never takes over the application's other paths. */
    static String path(ProviderProperties properties) {
        String path = properties.getPath();
        if (path == null || !path.startsWith("/") || path.equals("/")) {
            throw new IllegalStateException("zkrpc.provider.path must be a path below '/', such as /zkrpc, not '" + path + "'");
        }
        return path;
    }

    /** The largest request body, in bytes, that the servlet reads into one array. */
    static int maxRequestBytes(ProviderProperties properties) {
        return (int) Math.min(LARGEST_ARRAY, properties.getMaxRequestSize().toBytes());
    }

    /**
     * The {@code zkrpc.provider.limits.*} as the dispatcher takes them.
     *
     * @throws IllegalStateException when a limit is not positive
     */
    static RequestLimits limits(ProviderProperties properties) {
        ProviderProperties.Limits limits = properties.getLimits();
        try {
            return new RequestLimits(limits.getMaxDepth(), limits.getMaxNumberLength(),
                    (int) Math.min(LARGEST_ARRAY, limits.getMaxStringLength().toBytes()), limits.getMaxCollectionSize(),
                    limits.getMaxAttachments(), limits.getBodyReadTimeout(), limits.getMinBodyRate().toBytes(),
                    limits.getMinBodyRateGrace());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalStateException("zkrpc.provider.limits: " + e.getMessage(), e);
        }
    }
}
