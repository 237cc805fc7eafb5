package vn.onduty.server.terminal;

import jakarta.ws.rs.NotFoundException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import vn.onduty.server.api.ConflictException;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.attendance.queue.AttendanceQueue;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;

/**
 * Which officer each PIN of a terminal belongs to. An admin maps a PIN by hand; a PIN that is an officer's staff code
 * is mapped by itself the first time the terminal reports it; a mapping claims the PIN's punches that waited for an
 * officer (from the end of the PIN's previous mapping on), and their days are recomputed. Every change is audited.
 * Methods that take a {@link Handle} run inside the caller's transaction.
 */
public final class TerminalPins {

    /** Whose action an automatic mapping is in the audit log. */
    private static final Caller AUTOMATIC = Caller.system("terminal-pins");

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final Clock clock;

    public TerminalPins(Jdbi jdbi, AuditLog audit, AccessPolicy policy, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.clock = clock;
    }

    /** Every PIN the terminal knows of, with its officer. */
    public List<PinEntry> pins(long terminalId, Caller caller) {
        policy.requireAdmin(caller);
        return jdbi.inTransaction(h -> {
            h.attach(TerminalDao.class).status(terminalId)
                    .orElseThrow(() -> new NotFoundException("No terminal " + terminalId));
            return h.attach(TerminalPinDao.class).pins(terminalId);
        });
    }

    /**
     * Maps the PIN to the officer ({@code staffId} null: ends its mapping). A PIN already mapped to someone else is
     * mapped anew from now: punches before stay with whom they went to.
     *
     * @throws InvalidInputException when the PIN is no PIN or the officer is not an active one
     * @throws ConflictException     when the terminal is refused
     */
    public PinEntry map(long terminalId, String pin, Long staffId, Caller caller) {
        policy.requireAdmin(caller);
        String p = checkPin(pin);
        jdbi.useTransaction(h -> {
            if (terminalStatus(h, terminalId).equals(Terminal.REFUSED)) {
                throw new ConflictException("Terminal " + terminalId + " is refused: adopt it before mapping its PINs");
            }
            TerminalPinDao dao = h.attach(TerminalPinDao.class);
            var live = dao.live(terminalId, p);
            Instant now = clock.instant();
            if (staffId == null) {
                if (live.isPresent()) {
                    dao.end(live.get().id(), now, caller.userId().orElse(null));
                    audit.record(h, caller, "terminal.pin.unmap", "terminal", terminalId, live.get(), Map.of("pin", p));
                }
                return;
            }
            if (!activeStaff(h, staffId)) {
                throw InvalidInputException.field("staffId", staffId + " is not an active officer");
            }
            if (live.isPresent() && live.get().staffId() == staffId) {
                return;
            }
            live.ifPresent(m -> dao.end(m.id(), now, caller.userId().orElse(null)));
            TerminalPinDao.Mapping mapping = dao.insert(terminalId, p, staffId, "admin", now, caller.userId().orElse(null));
            int claimed = claim(h, mapping);
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("mapping", mapping);
            after.put("punchesResolved", claimed);
            audit.record(h, caller, "terminal.pin.map", "terminal", terminalId, live.orElse(null), after);
        });
        return pins(terminalId, caller).stream().filter(e -> e.pin().equals(p)).findFirst()
                .orElseThrow(() -> new IllegalStateException("PIN " + p + " of terminal " + terminalId + " vanished"));
    }

    /**
     * The mapping an admin's push of an officer under a PIN makes, unless the PIN is that officer's already.
     *
     * @throws ConflictException when the PIN belongs to another officer at this terminal
     */
    void mapForPush(Handle h, long terminalId, String serialNumber, String pin, long staffId, Caller caller) {
        TerminalPinDao dao = h.attach(TerminalPinDao.class);
        var live = dao.live(terminalId, pin);
        if (live.isPresent()) {
            if (live.get().staffId() != staffId) {
                throw new ConflictException("PIN " + pin + " of terminal " + serialNumber + " belongs to another officer ("
                        + live.get().staffId() + "): choose another PIN, or map this one first");
            }
            return;
        }
        TerminalPinDao.Mapping mapping = dao.insert(terminalId, pin, staffId, "command", clock.instant(),
                caller.userId().orElse(null));
        int claimed = claim(h, mapping);
        audit.record(h, caller, "terminal.pin.map", "terminal", terminalId, null,
                Map.of("mapping", mapping, "punchesResolved", claimed));
    }

    /**
     * Maps each of these PINs that was never mapped at the terminal to the active officer whose staff code it is,
     * each audited as the server's own action.
     */
    void mapByStaffCode(Handle h, long terminalId, Collection<String> pins) {
        if (pins.isEmpty()) {
            return;
        }
        for (TerminalPinDao.Mapping m : h.attach(TerminalPinDao.class)
                .mapByStaffCode(terminalId, pins.toArray(String[]::new), clock.instant())) {
            int claimed = claim(h, m);
            audit.record(h, AUTOMATIC, "terminal.pin.map", "terminal", terminalId, null,
                    Map.of("mapping", m, "punchesResolved", claimed, "reason", "the PIN is the officer's staff code"));
        }
    }

    /** Every PIN the terminal has reported or punched with, mapped by staff code where it is one (at adoption). */
    void mapKnownByStaffCode(Handle h, long terminalId) {
        mapByStaffCode(h, terminalId, h.attach(TerminalPinDao.class).knownPins(terminalId));
    }

    /** The terminal confirmed it deleted the PIN's user: the user is gone from its list, and the PIN's mapping ends. */
    void userDeleted(Handle h, long terminalId, String pin, long commandId) {
        TerminalPinDao dao = h.attach(TerminalPinDao.class);
        Instant now = clock.instant();
        dao.userRemoved(terminalId, pin, now);
        dao.live(terminalId, pin).ifPresent(m -> {
            dao.end(m.id(), now, null);
            audit.record(h, AUTOMATIC, "terminal.pin.unmap", "terminal", terminalId, m,
                    Map.of("pin", pin, "reason", "the terminal deleted the user (command " + commandId + ")"));
        });
    }

    static String checkPin(String pin) {
        if (pin == null || !IclockParsing.PIN.matcher(pin.strip()).matches()) {
            throw InvalidInputException.field("pin", "must be 1–24 letters or digits, as the terminal numbers its users");
        }
        return pin.strip();
    }

    /** The PIN's waiting punches within the mapping's time go to its officer; their days are recomputed. */
    private static int claim(Handle h, TerminalPinDao.Mapping mapping) {
        List<Long> punches = h.attach(TerminalPinDao.class).claimUnresolved(mapping);
        if (!punches.isEmpty()) {
            h.attach(AttendanceQueue.class).punchesById(punches.toArray(Long[]::new));
        }
        return punches.size();
    }

    private static boolean activeStaff(Handle h, long staffId) {
        return h.attach(TerminalPinDao.class).activeStaffName(staffId).isPresent();
    }

    private static String terminalStatus(Handle h, long terminalId) {
        return h.attach(TerminalDao.class).lock(terminalId)
                .orElseThrow(() -> new NotFoundException("No terminal " + terminalId));
    }
}
