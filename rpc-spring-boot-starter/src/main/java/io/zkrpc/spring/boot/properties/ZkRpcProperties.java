package io.zkrpc.spring.boot.properties;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/** Settings shared by providers and consumers, checked when bound. */
@ConfigurationProperties("zkrpc")
public class ZkRpcProperties implements Validator {

    /**
     * Environment the application's services are registered and looked up in; a provider serves
     * only consumers of the same environment.
     */
    private String environment = "default";

    private final AccessLog accessLog = new AccessLog();

    @Override
    public boolean supports(Class<?> type) {
        return ZkRpcProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        PropertyRules.pathSegment(errors, "environment", ((ZkRpcProperties) target).environment, "zkrpc.environment");
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
