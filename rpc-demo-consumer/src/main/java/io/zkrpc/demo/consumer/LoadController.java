package io.zkrpc.demo.consumer;

import java.util.stream.Collectors;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.registry.Instance;
import io.zkrpc.core.registry.ServiceKey;
import io.zkrpc.demo.api.UserService;

/** Steady load for fault injection: {@code POST /load/start}, {@code GET /load/stats}, {@code POST /load/stop}. */
@RestController
public class LoadController {

    private final LoadGenerator load;
    private final RpcClient client;
    private final ServiceKey users;

    public LoadController(LoadGenerator load, RpcClient client, org.springframework.core.env.Environment environment) {
        this.load = load;
        this.client = client;
        this.users = ServiceKey.of(UserService.class, "", environment.getProperty("zkrpc.environment", "default"));
    }

    @PostMapping("/load/start")
    public String start(@RequestParam(defaultValue = "8") int threads, @RequestParam(name = "interval-ms", defaultValue = "10") long interval) {
        if (threads < 1 || threads > 64 || interval < 0) {
            throw new IllegalArgumentException("threads must be 1..64 and interval-ms >= 0");
        }
        load.start(threads, interval);
        return "started\n";
    }

    @GetMapping(value = "/load/stats", produces = "text/plain")
    public String stats() {
        return load.statsAndReset() + "\n";
    }

    @PostMapping("/load/stop")
    public String stop() throws InterruptedException {
        load.stop();
        return "stopped\n";
    }

    /** The UserService instances this consumer calls now, and those isolated for failing. */
    @GetMapping(value = "/load/instances", produces = "text/plain")
    public String instances() {
        return "instances=" + client.instances(users).stream().map(Instance::address).sorted()
                .collect(Collectors.joining(",")) + " isolated=" + String.join(",", client.isolatedInstances().keySet()) + "\n";
    }
}
