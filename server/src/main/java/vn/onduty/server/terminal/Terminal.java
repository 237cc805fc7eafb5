package vn.onduty.server.terminal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * A ZKTeco-family terminal as admins and API clients see it: who it is, the decision about it, what it reports of
 * itself and its health.
 *
 * @param status              {@code waiting} (called in, not yet decided), {@code adopted} (its records are punches
 *                            at {@code siteId}) or {@code refused} (answered, nothing stored)
 * @param allowedRange        the only address range it is answered from (CIDR), or null for any
 * @param info                what it reported of itself (user and record counts, IP address, ...), as JSON
 * @param clockOffsetSeconds  how far its clock is ahead of the server's (negative: behind), measured from its
 *                            realtime pushes; null until measured (and after its clock was set)
 * @param keptRecords         its attendance records stored (kept aside while it waits, punches once adopted)
 * @param overflowFrom        the earliest date of a record not kept while it waited (past the bound); adopting it asks
 *                            the terminal for its log again from then
 * @param refusedAddress      the address of its last call from outside its allowed range, with {@code refusedAt}
 */
public record Terminal(long id, String serialNumber, String status, Long siteId, String siteName, String name,
                       String model, String firmware, String pushVersion, String address, String allowedRange,
                       @JsonRawValue String info, Instant firstSeenAt, Instant lastSeenAt, Integer clockOffsetSeconds,
                       Instant clockOffsetAt, String attlogStamp, String operlogStamp, long keptRecords,
                       LocalDate overflowFrom, String refusedAddress, Instant refusedAt, Instant decidedAt,
                       Health health) {

    public static final String WAITING = "waiting";
    public static final String ADOPTED = "adopted";
    public static final String REFUSED = "refused";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How the terminal is doing.
     *
     * @param silent         adopted, working hours at its site now, and no contact for longer than allowed
     * @param clockOff       its clock is further off than allowed
     * @param recordsToday   attendance records of today (its site's date)
     * @param rejectedLines  distinct lines it sent that could not be read
     * @param unmappedPins   PINs in its user list or with punches waiting, that no officer is mapped to
     */
    public record Health(boolean silent, boolean clockOff, long recordsToday, long rejectedLines, long unmappedPins) {
        public boolean flagged() {
            return silent || clockOff;
        }
    }

    /** Its name, or else its serial number. */
    @JsonIgnore
    public String label() {
        return name != null ? name : serialNumber;
    }

    /** {@link #info} read as values, sorted by name, for the pages. */
    @JsonIgnore
    public Map<String, String> infoValues() {
        try {
            return new TreeMap<>(JSON.readValue(info == null ? "{}" : info, new TypeReference<Map<String, String>>() {}));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("terminal.info of " + id + " is not a JSON object of texts", e);
        }
    }
}
