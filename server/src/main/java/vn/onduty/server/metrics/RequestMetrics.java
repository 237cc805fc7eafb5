package vn.onduty.server.metrics;

import java.util.List;
import org.glassfish.jersey.server.ContainerResponse;
import org.glassfish.jersey.server.monitoring.ApplicationEvent;
import org.glassfish.jersey.server.monitoring.ApplicationEventListener;
import org.glassfish.jersey.server.monitoring.RequestEvent;
import org.glassfish.jersey.server.monitoring.RequestEventListener;
import org.glassfish.jersey.uri.UriTemplate;

/**
 * Times every request Jersey serves (the API and the web pages) from its start until its answer is written, under
 * the route template it matched ({@code /api/leave/requests/{id}}), never the raw path: ids would make a series per
 * record, and a scanner's paths one per guess, so a request that matched no resource counts as {@code unmatched}.
 */
public final class RequestMetrics implements ApplicationEventListener {

    static final String UNMATCHED = "unmatched";

    private final Metrics metrics;

    public RequestMetrics(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void onEvent(ApplicationEvent event) {
        // Nothing to do when the application starts or stops.
    }

    @Override
    public RequestEventListener onRequest(RequestEvent started) {
        long start = System.nanoTime();
        return event -> {
            if (event.getType() == RequestEvent.Type.FINISHED) {
                ContainerResponse response = event.getContainerResponse();
                int status = response == null ? 500 : response.getStatus();
                metrics.request(event.getContainerRequest().getMethod(), route(event.getUriInfo().getMatchedTemplates()),
                        status, (System.nanoTime() - start) / 1e9);
            }
        };
    }

    /** Jersey lists the matched templates from the method's back to the root resource's. */
    static String route(List<UriTemplate> matched) {
        if (matched == null || matched.isEmpty()) {
            return UNMATCHED;
        }
        StringBuilder route = new StringBuilder();
        for (int i = matched.size() - 1; i >= 0; i--) {
            String part = matched.get(i).getTemplate();
            if (part.isEmpty() || part.equals("/")) {
                continue;
            }
            if (route.length() > 0 && route.charAt(route.length() - 1) == '/' && part.startsWith("/")) {
                part = part.substring(1);
            } else if (!part.startsWith("/") && (route.length() == 0 || route.charAt(route.length() - 1) != '/')) {
                route.append('/');
            }
            route.append(part);
        }
        return route.length() == 0 ? "/" : route.toString();
    }
}
