package vn.onduty.server.terminal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;

/**
 * The lifecycle of the commands queued for terminals, and its rules:
 * <ul>
 * <li>queued: by an admin (push an officer under a PIN to one terminal or every adopted terminal of a site, delete a
 *     PIN, ask for information, ask for the log again from a date, set the clock), or by the server itself (the
 *     information of a terminal that calls for the first time, the log again from the first date a waiting terminal
 *     sent past its bound); a waiting terminal is only asked for information, a refused one for nothing;</li>
 * <li>handed over: in the terminal's next poll, oldest first, its text made then (a clock is set to the time of the
 *     hand-over, not of the request);</li>
 * <li>done or failed: by the terminal's answer, also after it expired or was cancelled (the terminal did what it did),
 *     never twice;</li>
 * <li>cancelled: by an admin while not yet handed over;</li>
 * <li>expired: handed over and not answered within {@code terminals.commandTimeout}.</li>
 * </ul>
 * Methods that take a {@link Handle} run inside the caller's transaction.
 */
public final class TerminalCommands {

    private static final Logger LOG = LoggerFactory.getLogger(TerminalCommands.class);
    /** Commands handed over in one poll. */
    static final int PER_POLL = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an admin asks of a terminal; which fields count depends on {@code type}. */
    public record Request(String type, Long staffId, String pin, LocalDate from) {}

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final TerminalPins pins;
    private final Clock clock;
    private final Duration timeout;

    public TerminalCommands(Jdbi jdbi, AuditLog audit, AccessPolicy policy, TerminalPins pins, Clock clock,
                            Duration timeout) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.pins = pins;
        this.clock = clock;
        this.timeout = timeout;
    }

    /**
     * Queues a command for one terminal.
     *
     * @throws InvalidInputException when a field the type needs is missing or wrong
     * @throws ConflictException     when the terminal is refused, or waiting and this is more than a request for its
     *                               information, or the PIN belongs to another officer
     */
    public TerminalCommand queue(long terminalId, Request request, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> queue(h, terminalId, request, caller));
    }

    /**
     * Pushes an officer under a PIN to every adopted terminal of the site, all or none. Without a PIN, the officer's
     * PIN at the site's terminals is used, or else the lowest number no terminal of the site uses.
     */
    public List<TerminalCommand> pushToSite(long siteId, Long staffId, String pin, Caller caller) {
        policy.requireAdmin(caller);
        if (staffId == null) {
            throw InvalidInputException.field("staffId", "is required: the officer to put on the terminals");
        }
        return jdbi.inTransaction(h -> {
            TerminalDao terminals = h.attach(TerminalDao.class);
            if (!terminals.activeSite(siteId)) {
                throw InvalidInputException.field("siteId", siteId + " is not an active site");
            }
            List<Long> ids = terminals.adoptedAt(siteId);
            if (ids.isEmpty()) {
                throw new ConflictException("No terminal is adopted for site " + siteId + " yet");
            }
            String chosen = pin == null || pin.isBlank() ? defaultPin(h, siteId, staffId) : TerminalPins.checkPin(pin);
            List<TerminalCommand> out = new ArrayList<>();
            for (long id : ids) {
                out.add(queue(h, id, new Request("user_update", staffId, chosen, null), caller));
            }
            return out;
        });
    }

    /** The terminal's latest commands, newest first. */
    public List<TerminalCommand> latest(long terminalId, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            h.attach(TerminalDao.class).status(terminalId)
                    .orElseThrow(() -> new NotFoundException("No terminal " + terminalId));
            expire(h, terminalId);
            return h.attach(TerminalCommandDao.class).latest(terminalId, 50);
        });
    }

    /** Admins only; a command already handed over cannot be called back: 409. */
    public TerminalCommand cancel(long id, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            TerminalCommandDao dao = h.attach(TerminalCommandDao.class);
            dao.lock(id).orElseThrow(() -> new NotFoundException("No terminal command " + id));
            TerminalCommand before = dao.find(id).orElseThrow();
            if (dao.cancel(id, clock.instant()) == 0) {
                throw new ConflictException("Terminal command " + id + " is " + before.status()
                        + ": only a command not yet handed over can be cancelled");
            }
            TerminalCommand after = dao.find(id).orElseThrow();
            audit.record(h, caller, "terminal_command.cancel", "terminal_command", id, before, after);
            return after;
        });
    }

    /**
     * Queues a command that follows from something else, unchecked: the information of a terminal calling for the
     * first time ({@code userId} null: the server's own), the log again from the first day a waiting terminal sent
     * past its bound (the adopting admin's).
     */
    void queueFollowUp(Handle h, long terminalId, String type, LocalDate from, Long userId) {
        h.attach(TerminalCommandDao.class).queue(terminalId, type, null, null, null, from, userId, clock.instant());
    }

    /**
     * The lines to answer a poll with: the terminal's waiting commands, oldest first, each now handed over. A clock is
     * set to the time in {@code zone}; the log is asked for up to tomorrow there.
     */
    List<String> handOver(Handle h, long terminalId, ZoneId zone) {
        TerminalCommandDao dao = h.attach(TerminalCommandDao.class);
        Instant now = clock.instant();
        LocalDateTime local = LocalDateTime.ofInstant(now, zone);
        List<String> lines = new ArrayList<>();
        for (TerminalCommand c : dao.pending(terminalId, PER_POLL)) {
            String text = switch (c.type()) {
                case "user_update" -> IclockReplies.userUpdate(c.pin(), c.name());
                case "user_delete" -> IclockReplies.userDelete(c.pin());
                case "info" -> IclockReplies.info();
                case "reupload" -> IclockReplies.reupload(c.fromDate(), local.toLocalDate().plusDays(1));
                case "set_clock" -> IclockReplies.setClock(local);
                default -> throw new IllegalStateException("terminal_command " + c.id() + " has type " + c.type());
            };
            dao.sent(c.id(), text, now);
            lines.add(IclockReplies.commandLine(c.id(), text));
        }
        return lines;
    }

    /** The terminal's answers: each ends its command and has the effect a successful one has. */
    void results(Handle h, long terminalId, List<IclockParsing.CommandResult> results) {
        TerminalCommandDao dao = h.attach(TerminalCommandDao.class);
        for (IclockParsing.CommandResult r : results) {
            Map<String, String> values = r.values() == null ? Map.of() : bounded(r.values());
            var finished = dao.finish(r.id(), terminalId, r.returnCode(), values.isEmpty() ? null : json(values),
                    clock.instant());
            if (finished.isEmpty()) {
                LOG.info("Terminal {} answered command {} (return {}), which it has no open or lapsed command of",
                        terminalId, r.id(), r.returnCode());
                continue;
            }
            TerminalCommand c = dao.find(r.id()).orElseThrow();
            if (r.returnCode() < 0) {
                continue;
            }
            switch (c.type()) {
                case "user_update" -> h.attach(TerminalPinDao.class).reportUsers(terminalId, new String[] {c.pin()},
                        new String[] {c.name()}, new Integer[] {0}, clock.instant(), Integer.MAX_VALUE);
                case "user_delete" -> pins.userDeleted(h, terminalId, c.pin(), c.id());
                case "info" -> h.attach(TerminalDao.class).reported(terminalId, first(values, "DeviceName", "~DeviceName"),
                        first(values, "FWVersion", "FirmVer", "FirmwareVersion"), json(values));
                case "set_clock" -> h.attach(TerminalDao.class).clockSet(terminalId, clock.instant());
                default -> {
                    // A re-upload's records come as ATTLOG uploads of their own; its answer only counts them.
                }
            }
        }
    }

    /** Expires every overdue command; the periodic sweep. @return how many */
    public int expireOverdue() {
        int n = jdbi.inTransaction(h -> expire(h, null));
        if (n > 0) {
            LOG.info("Expired {} terminal command(s) handed over and not answered within {}", n, timeout);
        }
        return n;
    }

    private TerminalCommand queue(Handle h, long terminalId, Request request, Caller caller) {
        String type = request.type();
        if (type == null || !TerminalCommand.TYPES.contains(type)) {
            throw InvalidInputException.field("type", "must be one of user_update, user_delete, info, reupload, set_clock");
        }
        TerminalDao terminals = h.attach(TerminalDao.class);
        String status = terminals.lock(terminalId).orElseThrow(() -> new NotFoundException("No terminal " + terminalId));
        TerminalDao.Row terminal = terminals.find(terminalId, clock.instant(), "Asia/Ho_Chi_Minh").orElseThrow();
        if (status.equals(Terminal.REFUSED)) {
            throw new ConflictException("Terminal " + terminal.serialNumber() + " is refused: it is given no commands");
        }
        if (status.equals(Terminal.WAITING) && !type.equals("info")) {
            throw new ConflictException("Terminal " + terminal.serialNumber()
                    + " waits to be adopted: it may only be asked for its information until then");
        }
        String pin = null;
        Long staffId = null;
        String name = null;
        LocalDate from = null;
        switch (type) {
            case "user_update" -> {
                if (request.staffId() == null) {
                    throw InvalidInputException.field("staffId", "is required: the officer to put on the terminal");
                }
                staffId = request.staffId();
                name = h.attach(TerminalPinDao.class).activeStaffName(staffId).orElseThrow(
                        () -> InvalidInputException.field("staffId", request.staffId() + " is not an active officer"));
                pin = request.pin() == null || request.pin().isBlank() ? defaultPin(h, terminal.siteId(), staffId)
                        : TerminalPins.checkPin(request.pin());
                pins.mapForPush(h, terminalId, terminal.serialNumber(), pin, staffId, caller);
            }
            case "user_delete" -> pin = TerminalPins.checkPin(request.pin());
            case "reupload" -> {
                from = request.from();
                LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(terminal.siteTimeZone())));
                if (from == null) {
                    throw InvalidInputException.field("from", "is required: the first day to upload again, e.g. " + today);
                }
                if (from.isAfter(today) || from.getYear() < 2000) {
                    throw InvalidInputException.field("from", "must be a day from 2000-01-01 to today (" + today + ")");
                }
            }
            default -> {
                // info and set_clock take nothing.
            }
        }
        long id = h.attach(TerminalCommandDao.class).queue(terminalId, type, pin, staffId, name, from,
                caller.userId().orElse(null), clock.instant());
        TerminalCommand command = h.attach(TerminalCommandDao.class).find(id).orElseThrow();
        audit.record(h, caller, "terminal_command.queue", "terminal_command", id, null, command);
        return command;
    }

    /** The officer's PIN at the site's terminals, else the lowest number none of them uses. */
    private static String defaultPin(Handle h, long siteId, long staffId) {
        TerminalPinDao dao = h.attach(TerminalPinDao.class);
        return dao.pinAtSite(siteId, staffId).orElseGet(() -> {
            Set<String> used = new HashSet<>(dao.pinsInUseAt(siteId));
            int n = 1;
            while (used.contains(String.valueOf(n))) {
                n++;
            }
            return String.valueOf(n);
        });
    }

    private int expire(Handle h, Long terminalId) {
        List<Long> expired = h.attach(TerminalCommandDao.class).expire(clock.instant(), timeout.toSeconds(), terminalId);
        return expired.size();
    }

    private static Map<String, String> bounded(Map<String, String> values) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (out.size() >= 60) {
                break;
            }
            out.put(IclockParsing.shorten(e.getKey()), e.getValue());
        }
        return out;
    }

    private static String first(Map<String, String> values, String... keys) {
        for (String k : keys) {
            String v = values.get(k);
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
    }

    private static String json(Map<String, String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
