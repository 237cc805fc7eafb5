package vn.onduty.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.dropwizard.jersey.validation.JerseyParameterNameProvider;
import jakarta.validation.ParameterNameProvider;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CachedParameterNamesTest {

    static final class Resource {
        Resource(@QueryParam("site") long site) {
        }

        void commands(@QueryParam("wait") Integer wait, String body) {
        }

        void progress(@PathParam("id") long id) {
        }
    }

    /** Dropwizard's names, with each executable it was asked about. */
    static final class Asked implements ParameterNameProvider {
        final List<Object> asked = new ArrayList<>();
        final JerseyParameterNameProvider names = new JerseyParameterNameProvider();

        @Override
        public List<String> getParameterNames(Constructor<?> constructor) {
            asked.add(constructor);
            return names.getParameterNames(constructor);
        }

        @Override
        public List<String> getParameterNames(Method method) {
            asked.add(method);
            return names.getParameterNames(method);
        }
    }

    @Test
    void namesAreDropwizardsAndEachMethodIsWorkedOutOnce() throws Exception {
        Asked dropwizard = new Asked();
        CachedParameterNames names = new CachedParameterNames(dropwizard);
        Method commands = Resource.class.getDeclaredMethod("commands", Integer.class, String.class);
        Method progress = Resource.class.getDeclaredMethod("progress", long.class);

        List<String> first = names.getParameterNames(commands);
        // Reflection hands out a new Method object each time: equal ones are the same method.
        List<String> again = names.getParameterNames(Resource.class.getDeclaredMethod("commands", Integer.class, String.class));
        List<String> other = names.getParameterNames(progress);

        assertThat(first).isEqualTo(new JerseyParameterNameProvider().getParameterNames(commands))
                .containsExactly("query param wait", "body");
        assertThat(again).isEqualTo(first);
        assertThat(other).containsExactly("path param id");
        assertThat(dropwizard.asked).containsExactly(commands, progress);
    }

    @Test
    void constructorsAreNamedAndKeptToo() throws Exception {
        Asked dropwizard = new Asked();
        CachedParameterNames names = new CachedParameterNames(dropwizard);
        Constructor<Resource> constructor = Resource.class.getDeclaredConstructor(long.class);

        assertThat(names.getParameterNames(constructor)).isEqualTo(names.getParameterNames(constructor))
                .isEqualTo(new JerseyParameterNameProvider().getParameterNames(constructor));
        assertThat(dropwizard.asked).containsExactly(constructor);
    }
}
