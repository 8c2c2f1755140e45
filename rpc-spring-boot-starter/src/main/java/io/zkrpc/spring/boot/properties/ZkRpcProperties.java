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
}
