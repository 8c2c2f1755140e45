package io.zkrpc.spring.boot.autoconfigure;

import io.zkrpc.spring.boot.properties.ProviderProperties;

/** The provider endpoint's servlet mapping and request limit, checked and converted for the servlet. */
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
}
