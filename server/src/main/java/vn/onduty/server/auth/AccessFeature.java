package vn.onduty.server.auth;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import vn.onduty.server.api.Errors;

/**
 * The one place where roles are enforced. Every OnDuty resource method must say who may call it
 * ({@code @RolesAllowed}, {@code @PermitAll} or {@code @DenyAll}, on the method or its class);
 * a method that says nothing stops the server from starting, so no endpoint is ever open by accident.
 * Scope (which sites, departments and people) is enforced by {@link AccessPolicy}.
 */
public final class AccessFeature implements DynamicFeature {

    private static final String OUR_PACKAGE = "vn.onduty";

    @Override
    public void configure(ResourceInfo info, FeatureContext context) {
        Class<?> type = info.getResourceClass();
        Method method = info.getResourceMethod();
        if (type == null || method == null || !type.getName().startsWith(OUR_PACKAGE)) {
            return;
        }
        if (method.isAnnotationPresent(DenyAll.class)) {
            context.register(new DenyFilter());
            return;
        }
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null && !method.isAnnotationPresent(PermitAll.class)) {
            roles = type.getAnnotation(RolesAllowed.class);
            if (roles == null && !type.isAnnotationPresent(PermitAll.class)) {
                throw new IllegalStateException(type.getName() + "." + method.getName()
                        + " says nothing about who may call it: add @RolesAllowed or @PermitAll");
            }
        }
        if (roles != null) {
            context.register(new RolesFilter(Arrays.stream(roles.value()).collect(Collectors.toSet())));
        }
    }

    @Priority(Priorities.AUTHORIZATION)
    static final class RolesFilter implements ContainerRequestFilter {
        private final Set<String> allowed;

        RolesFilter(Set<String> allowed) {
            this.allowed = allowed;
        }

        @Override
        public void filter(ContainerRequestContext request) {
            if (!(request.getSecurityContext().getUserPrincipal() instanceof Caller)) {
                request.abortWith(Errors.notSignedIn(request));
                return;
            }
            boolean permitted = allowed.stream().anyMatch(r -> request.getSecurityContext().isUserInRole(r));
            if (!permitted) {
                request.abortWith(Errors.response(request, 403, "Your role does not allow this"));
            }
        }
    }

    @Priority(Priorities.AUTHORIZATION)
    static final class DenyFilter implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            request.abortWith(Errors.response(request, 403, "Not allowed"));
        }
    }
}
