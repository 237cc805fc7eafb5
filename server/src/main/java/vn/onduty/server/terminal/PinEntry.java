package vn.onduty.server.terminal;

import java.time.Instant;
import java.time.LocalDateTime;

/**
 * A PIN of a terminal: the user's name and privilege as the terminal holds them (null when it has not reported the
 * PIN in its user list), the officer it is mapped to now (null: unmapped) and how, the records of the PIN and how
 * many of its punches wait for an officer.
 *
 * @param how {@code staff_code}, {@code admin} or {@code command} (see migration 0104)
 */
public record PinEntry(String pin, String nameOnTerminal, Integer privilege, Instant removedAt, Long mappingId,
                       Long staffId, String staffCode, String staffName, String how, Instant mappedAt, long records,
                       LocalDateTime lastRecord, long unresolvedPunches) {

    public boolean mapped() {
        return staffId != null;
    }

    /** The last record's time as the terminal's clock read it, dd/MM/yyyy HH:mm:ss; empty when there is none. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String lastRecordText() {
        return lastRecord == null ? "" : lastRecord.format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss"));
    }
}
