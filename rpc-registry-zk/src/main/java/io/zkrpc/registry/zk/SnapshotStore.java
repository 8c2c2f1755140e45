package io.zkrpc.registry.zk;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.alibaba.fastjson2.JSON;
import com.alibaba.fastjson2.JSONArray;
import com.alibaba.fastjson2.JSONException;
import com.alibaba.fastjson2.JSONObject;

import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;

/**
 * The last known instance lists of the subscribed services, kept in a local file so that a
 * consumer that starts while ZooKeeper is unreachable can still call. The file is rewritten
 * atomically (a temporary file moved over it) on every change.
 */
final class SnapshotStore {

    private static final Logger log = LoggerFactory.getLogger(SnapshotStore.class);

    private final Path file;
    private final Map<String, List<Instance>> lists = new TreeMap<>();

    private SnapshotStore(Path file) {
        this.file = file;
    }

    /** The store at {@code file}, with what the file holds now (nothing when it is missing or unreadable). */
    static SnapshotStore open(Path file) {
        SnapshotStore store = new SnapshotStore(file);
        if (Files.isReadable(file)) {
            try {
                JSONObject root = JSON.parseObject(Files.readAllBytes(file));
                for (String service : root.keySet()) {
                    JSONArray nodes = root.getJSONArray(service);
                    List<Instance> instances = new ArrayList<>();
                    for (int i = 0; i < nodes.size(); i++) {
                        instances.add(ZkLayout.decode(JSON.toJSONBytes(nodes.get(i))));
                    }
                    store.lists.put(service, List.copyOf(instances));
                }
            } catch (IOException | JSONException | IllegalArgumentException | NullPointerException e) {
                log.warn("Ignoring the unreadable registry snapshot {}: {}", file, e.getMessage());
                store.lists.clear();
            }
        }
        return store;
    }

    Path file() {
        return file;
    }

    /** The list kept for {@code service}, or {@code null}. */
    synchronized List<Instance> get(ServiceKey service) {
        return lists.get(service.toString());
    }

    /** Keeps {@code instances} as the list of {@code service} and rewrites the file if it changed. */
    synchronized void put(ServiceKey service, List<Instance> instances) {
        if (instances.equals(lists.put(service.toString(), instances))) {
            return;
        }
        JSONObject root = new JSONObject();
        lists.forEach((key, list) -> {
            JSONArray nodes = new JSONArray();
            list.forEach(instance -> nodes.add(JSON.parseObject(ZkLayout.encode(instance))));
            root.put(key, nodes);
        });
        Path temporary = null;
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            temporary = Files.createTempFile(file.toAbsolutePath().getParent(), file.getFileName().toString(), ".tmp");
            Files.write(temporary, JSON.toJSONBytes(root));
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.warn("Could not write the registry snapshot {}: {}", file, e.toString());
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    log.debug("Could not delete {}: {}", temporary, e.toString());
                }
            }
        }
    }
}
