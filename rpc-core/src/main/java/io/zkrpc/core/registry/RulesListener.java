package io.zkrpc.core.registry;

/** Receives the rules of a service as {@link RegistryCenter#watchRules} finds them. */
@FunctionalInterface
public interface RulesListener {

    /**
     * @param service the watched service
     * @param rules the JSON text of the service's rules, or {@code null} when it has none (never written, or deleted)
     */
    void rulesChanged(ServiceKey service, String rules);
}
