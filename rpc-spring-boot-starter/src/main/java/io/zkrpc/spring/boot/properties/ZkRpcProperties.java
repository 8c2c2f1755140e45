package io.zkrpc.spring.boot.properties;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

import io.zkrpc.core.internal.context.CallContext;

/** Settings shared by providers and consumers, checked when bound. */
@ConfigurationProperties("zkrpc")
public class ZkRpcProperties implements Validator {

    /**
     * Environment the application's services are registered and looked up in; a provider serves
     * only consumers of the same environment.
     */
    private String environment = "default";

    private final AccessLog accessLog = new AccessLog();

    private final Context context = new Context();

    @Override
    public boolean supports(Class<?> type) {
        return ZkRpcProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        ZkRpcProperties properties = (ZkRpcProperties) target;
        PropertyRules.pathSegment(errors, "environment", properties.environment, "zkrpc.environment");
        for (String name : properties.context.propagate) {
            try {
                CallContext.checkName(name);
            } catch (IllegalArgumentException e) {
                PropertyRules.reject(errors, "context.propagate", e.getMessage(),
                        "Name in zkrpc.context.propagate the application's own attachments, or zkrpc.tag.");
            }
        }
    }

    public String getEnvironment() {
        return environment;
    }

    public void setEnvironment(String environment) {
        this.environment = environment;
    }

    public AccessLog getAccessLog() {
        return accessLog;
    }

    public Context getContext() {
        return context;
    }

    /** The call context ({@code io.zkrpc.core.RpcContext}) and what passes on from a call served to the calls it makes. */
    public static class Context {

        /**
         * Attachments that pass on by themselves: the calls a provider makes while serving a call
         * carry the served call's attachments of these names (the caller's deadline passes on
         * always). Names starting with 'zkrpc.' are the framework's, except 'zkrpc.tag'.
         */
        private List<String> propagate = new ArrayList<>();

        public List<String> getPropagate() {
            return propagate;
        }

        public void setPropagate(List<String> propagate) {
            this.propagate = propagate;
        }
    }

    /** The access log: one line per call, on the consumer and the provider side. */
    public static class AccessLog {

        /**
         * Whether each call is logged at INFO on the logger 'io.zkrpc.access' when it ends: on the
         * consumer the service, method, instance, outcome, duration and attempts; on the provider
         * the service, method, caller, outcome and duration; also as SLF4J key/values.
         */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
