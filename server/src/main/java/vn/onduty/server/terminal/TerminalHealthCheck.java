package vn.onduty.server.terminal;

import com.codahale.metrics.health.HealthCheck;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The terminals in the server's health ({@code /healthcheck} on the admin port, check "terminals"): unhealthy while an
 * adopted terminal is silent during its site's working hours or its clock is off, naming each one and why.
 */
public final class TerminalHealthCheck extends HealthCheck {

    private final TerminalService terminals;

    public TerminalHealthCheck(TerminalService terminals) {
        this.terminals = terminals;
    }

    @Override
    protected Result check() {
        List<Terminal> flagged = terminals.flagged();
        if (flagged.isEmpty()) {
            return Result.healthy("no adopted terminal is silent or off the clock");
        }
        return Result.unhealthy(flagged.size() + " terminal(s) flagged: " + flagged.stream().map(t -> {
            String where = t.siteName() == null ? "" : " at " + t.siteName();
            String why = (t.health().silent() ? "silent since " + (t.lastSeenAt() == null ? "adoption" : t.lastSeenAt()) : "")
                    + (t.health().silent() && t.health().clockOff() ? ", " : "")
                    + (t.health().clockOff() ? "clock " + t.clockOffsetSeconds() + " s off" : "");
            return t.serialNumber() + where + " (" + why + ")";
        }).collect(Collectors.joining("; ")));
    }
}
