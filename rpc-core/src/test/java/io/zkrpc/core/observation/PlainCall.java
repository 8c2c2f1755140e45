package io.zkrpc.core.observation;

import java.util.concurrent.Callable;

import io.zkrpc.core.consumer.ReferenceConfig;
import io.zkrpc.core.consumer.RpcClient;
import io.zkrpc.core.testsupport.Probe;
import io.zkrpc.core.testsupport.ProbeCluster;

/** A provider and a client without an observation registry (access log on), making a blocking and an asynchronous call. */
public final class PlainCall implements Callable<String> {

    @Override
    public String call() {
        try (ProbeCluster cluster = new ProbeCluster()) {
            cluster.start(builder -> builder.accessLog(true)).openGate();
            try (RpcClient client = RpcClient.builder().registry(cluster.registry()).accessLog(true).build()) {
                Probe probe = client.reference(ReferenceConfig.of(Probe.class));
                return probe.read() + " " + probe.listLater(1).join().size();
            }
        }
    }
}
