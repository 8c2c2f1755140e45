package io.zkrpc.spring.boot.properties;

import java.util.LinkedHashMap;
import java.util.Map;

/** Call settings of one referenced service, and of single methods of it by name. */
public class ServiceProperties extends CallProperties {

    /** Whether the application fails to start when this service has no instance in the registry; unset takes @RpcReference(check) or zkrpc.consumer.check. */
    private Boolean check;

    /** Load balancer of this service: round-robin, random, least-active, p2c, consistent-hash, or the name of a LoadBalancer bean; unset takes @RpcReference(loadBalancer) or zkrpc.consumer.load-balancer. */
    private String loadBalancer;

    /** When the @RpcReference(fallback) bean answers: fail (the default) when a call fails because the service cannot answer; force every call, with no remote call and no registry look-up (for development: logged as a WARN at start). */
    private Mock mock;

    /** Settings of single methods, and their result caches, by method name (every overload of the name). */
    private Map<String, MethodProperties> methods = new LinkedHashMap<>();

    public Boolean getCheck() {
        return check;
    }

    public void setCheck(Boolean check) {
        this.check = check;
    }

    public String getLoadBalancer() {
        return loadBalancer;
    }

    public void setLoadBalancer(String loadBalancer) {
        this.loadBalancer = loadBalancer;
    }

    public Mock getMock() {
        return mock;
    }

    public void setMock(Mock mock) {
        this.mock = mock;
    }

    public Map<String, MethodProperties> getMethods() {
        return methods;
    }

    public void setMethods(Map<String, MethodProperties> methods) {
        this.methods = methods;
    }

    /** When a reference's fallback answers. */
    public enum Mock {

        /** When a call fails because the service cannot answer, after its retries. */
        FAIL,

        /** Every call, with nothing sent and the registry not asked: for development only. */
        FORCE
    }
}
