package vn.onduty.server.api;

import io.dropwizard.jersey.validation.JerseyParameterNameProvider;
import jakarta.validation.ParameterNameProvider;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Dropwizard's names of a resource method's parameters ("query param wait", "The request body"), worked out once per
 * method. Hibernate Validator asks for them on every request that validates a parameter, and Dropwizard's provider
 * reads them from the method's annotations, which Java parses anew on each call: 3 % of the CPU an idle fleet of agents
 * cost the server (docs/benchmarks.md, "Fleet"). A method's parameters and their annotations never change.
 */
public final class CachedParameterNames implements ParameterNameProvider {

    private final ParameterNameProvider names;
    private final Map<Executable, List<String>> known = new ConcurrentHashMap<>();

    public CachedParameterNames() {
        this(new JerseyParameterNameProvider());
    }

    CachedParameterNames(ParameterNameProvider names) {
        this.names = names;
    }

    @Override
    public List<String> getParameterNames(Constructor<?> constructor) {
        return known(constructor, c -> names.getParameterNames((Constructor<?>) c));
    }

    @Override
    public List<String> getParameterNames(Method method) {
        return known(method, m -> names.getParameterNames((Method) m));
    }

    private List<String> known(Executable executable, Function<Executable, List<String>> lookUp) {
        return known.computeIfAbsent(executable, e -> List.copyOf(lookUp.apply(e)));
    }
}
