package io.zkrpc.spring.boot.autoconfigure;

import java.util.List;
import java.util.Set;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.env.Environment;

/**
 * Makes the registration indicator ({@code zkrpcRegistration}) a member of the {@code readiness}
 * health group, so that an instance whose registrations are missing, or that was taken offline, is
 * not ready, unless the application lists the group's members itself. Runs after Boot's availability
 * probes created the group (both post-processors have the lowest precedence; this one is declared
 * by a later auto-configuration).
 */
final class ReadinessGroup implements HealthEndpointGroupsPostProcessor {

    static final String READINESS = "readiness";
    static final String INDICATOR = "zkrpcRegistration";
    private static final String MEMBERS = "management.endpoint.health.group.readiness.include";

    private final boolean membersSetByApplication;

    ReadinessGroup(boolean membersSetByApplication) {
        this.membersSetByApplication = membersSetByApplication;
    }

    /**
     * Leaves the group alone when {@code environment} names its members, in whatever form
     * ({@code include=a,b}, or a YAML list bound as {@code include[0]}, {@code include[1]}).
     */
    static ReadinessGroup unlessSetIn(Environment environment) {
        return new ReadinessGroup(Binder.get(environment).bind(MEMBERS, Bindable.setOf(String.class)).isBound());
    }

    boolean membersSetByApplication() {
        return membersSetByApplication;
    }

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        if (membersSetByApplication || groups.get(READINESS) == null) {
            return groups;
        }
        return new Groups(groups);
    }

    /** The groups as they were, the readiness group with the registration indicator too. */
    private record Groups(HealthEndpointGroups delegate) implements HealthEndpointGroups, AdditionalPathsMapper {

        @Override
        public HealthEndpointGroup getPrimary() {
            return delegate.getPrimary();
        }

        @Override
        public Set<String> getNames() {
            return delegate.getNames();
        }

        @Override
        public HealthEndpointGroup get(String name) {
            HealthEndpointGroup group = delegate.get(name);
            return READINESS.equals(name) && group != null ? new WithRegistration(group) : group;
        }

        @Override
        public List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
            return delegate instanceof AdditionalPathsMapper mapper ? mapper.getAdditionalPaths(endpointId, webServerNamespace) : null;
        }
    }

    private record WithRegistration(HealthEndpointGroup delegate) implements HealthEndpointGroup {

        @Override
        public boolean isMember(String name) {
            return INDICATOR.equals(name) || delegate.isMember(name);
        }

        @Override
        public boolean showComponents(SecurityContext securityContext) {
            return delegate.showComponents(securityContext);
        }

        @Override
        public boolean showDetails(SecurityContext securityContext) {
            return delegate.showDetails(securityContext);
        }

        @Override
        public StatusAggregator getStatusAggregator() {
            return delegate.getStatusAggregator();
        }

        @Override
        public HttpCodeStatusMapper getHttpCodeStatusMapper() {
            return delegate.getHttpCodeStatusMapper();
        }

        @Override
        public AdditionalHealthEndpointPath getAdditionalPath() {
            return delegate.getAdditionalPath();
        }
    }
}
