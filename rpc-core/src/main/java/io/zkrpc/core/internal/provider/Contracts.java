package io.zkrpc.core.internal.provider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zkrpc.core.internal.contract.MethodDigests;
import io.zkrpc.core.registry.Instance;

/** What a provider tells consumers of its contract: the methods each service exports, and its version. */
final class Contracts {

    private static final Logger log = LoggerFactory.getLogger(Contracts.class);

    private Contracts() {
    }

    /**
     * {@code instance} with, in its metadata, the method digests of each of {@code services} under
     * {@code methods.<serviceId>} (while keys and values fit in {@link MethodDigests#MAX_LENGTH}
     * together, in service name order; a service left out is taken by consumers to export every method), and a {@code version} when the
     * metadata names none: the {@code Implementation-Version} of the first service bean's package
     * that has one. Consumers route each method's calls to the instances that export it, and name
     * the versions when none does.
     */
    static Instance announced(Instance instance, Collection<ExportedService> services) {
        Map<String, String> metadata = new LinkedHashMap<>(instance.metadata());
        List<ExportedService> sorted = new ArrayList<>(services);
        sorted.sort(Comparator.comparing(service -> service.key().serviceId()));
        int budget = MethodDigests.MAX_LENGTH;
        List<String> unpublished = new ArrayList<>();
        String version = null;
        for (ExportedService service : sorted) {
            String key = MethodDigests.key(service.key());
            String digests = service.methodDigests();
            // The key counts too (with the JSON around it): with many services, the names outweigh the digests.
            int size = digests == null ? Integer.MAX_VALUE : key.length() + digests.length() + 6;
            if (size <= budget) {
                metadata.put(key, digests);
                budget -= size;
            } else {
                metadata.remove(key);
                unpublished.add(service.key().serviceId());
            }
            Package own = service.bean().getClass().getPackage();
            if (version == null && own != null && own.getImplementationVersion() != null && !own.getImplementationVersion().isBlank()) {
                version = own.getImplementationVersion();
            }
        }
        if (version != null) {
            metadata.putIfAbsent(MethodDigests.VERSION_KEY, version);
        }
        if (!unpublished.isEmpty()) {
            log.info("Not publishing the methods of {}: too many to fit in the instance's metadata; consumers send them every call",
                    unpublished);
        }
        return new Instance(instance.scheme(), instance.host(), instance.port(), instance.path(), metadata);
    }
}
