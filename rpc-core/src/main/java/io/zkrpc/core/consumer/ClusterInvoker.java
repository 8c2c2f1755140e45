package io.zkrpc.core.consumer;

import java.time.Duration;
import java.util.List;

import io.zkrpc.core.RpcErrorCode;
import io.zkrpc.core.RpcException;
import io.zkrpc.core.cluster.InstanceDirectory;
import io.zkrpc.core.cluster.LoadBalancer;
import io.zkrpc.core.cluster.Router;
import io.zkrpc.core.filter.Invocation;
import io.zkrpc.core.filter.Invoker;
import io.zkrpc.core.registry.Instance;

/** The last link of the consumer chain: route, balance, then call the chosen instance over HTTP. */
final class ClusterInvoker implements Invoker {

    private final InstanceDirectory directory;
    private final List<Router> routers;
    private final LoadBalancer loadBalancer;
    private final HttpInvoker http;
    private final Duration timeout;

    ClusterInvoker(InstanceDirectory directory, List<Router> routers, LoadBalancer loadBalancer, HttpInvoker http, Duration timeout) {
        this.directory = directory;
        this.routers = routers;
        this.loadBalancer = loadBalancer;
        this.http = http;
        this.timeout = timeout;
    }

    @Override
    public Object invoke(Invocation invocation) throws Exception {
        List<Instance> known = directory.instances();
        List<Instance> candidates = known;
        for (Router router : routers) {
            candidates = router.route(candidates, invocation);
        }
        if (candidates.isEmpty()) {
            throw new RpcException(RpcErrorCode.NO_PROVIDER, "No instance of " + invocation.service() + " is available for "
                    + invocation + (known.isEmpty() ? "" : " (routing left none of " + known.size() + ")"));
        }
        return http.invoke(loadBalancer.select(candidates, invocation), invocation, timeout);
    }
}
