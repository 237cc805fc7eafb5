package vn.onduty.server.ingest;

import ch.qos.logback.access.common.spi.IAccessEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;
import com.fasterxml.jackson.annotation.JsonTypeName;
import io.dropwizard.logging.common.filter.FilterFactory;

/**
 * A request log filter ({@code requestLog.appenders[].filterFactories: [{type: routine-agent-requests}]} in
 * config.yml) that leaves out the requests every agent makes all day while nothing happens: a heartbeat (every 15 s)
 * and a command poll (every 25 s while held) that were answered 2xx or 3xx. At 3,400 agents those are 360 lines a
 * second, 31 million a day, nearly all of the log; what they would tell is on the agents' page (last contact, clock,
 * sensors, cameras) and in the metrics (requests by route and status). Refused and failed ones stay in the log, as
 * does every other request of an agent (its events, its camera list, a command's progress).
 */
@JsonTypeName("routine-agent-requests")
public final class RoutineAgentRequests implements FilterFactory<IAccessEvent> {

    static final String HEARTBEAT = "/api/agent/heartbeat";
    static final String COMMANDS = "/api/agent/commands";

    @Override
    public Filter<IAccessEvent> build() {
        return new Filter<>() {
            @Override
            public FilterReply decide(IAccessEvent event) {
                return routine(event.getMethod(), event.getRequestURI(), event.getStatusCode())
                        ? FilterReply.DENY : FilterReply.NEUTRAL;
            }
        };
    }

    /** @param uri the request's path, without its query */
    static boolean routine(String method, String uri, int status) {
        if (status < 200 || status >= 400) {
            return false;
        }
        return ("POST".equals(method) && HEARTBEAT.equals(uri)) || ("GET".equals(method) && COMMANDS.equals(uri));
    }
}
