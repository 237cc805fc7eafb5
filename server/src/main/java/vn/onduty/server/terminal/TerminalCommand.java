package vn.onduty.server.terminal;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonRawValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * A command for a terminal and what became of it.
 *
 * @param type        {@code user_update}, {@code user_delete}, {@code info}, {@code reupload} or {@code set_clock}
 * @param commandText what was handed over to the terminal; null until it was
 * @param status      PENDING, SENT, DONE, FAILED, CANCELLED or EXPIRED
 * @param returnCode  the terminal's answer: 0 or more is success (a query's number of records), below 0 an error
 * @param result      what the answer carried besides its code (an INFO result's values), as JSON; else null
 * @param createdBy   who asked; null when the server queued it itself
 */
public record TerminalCommand(long id, long terminalId, String serialNumber, String type, String pin, Long staffId,
                              String staffName, String name, LocalDate fromDate, String commandText, String status,
                              Integer returnCode, @JsonRawValue String result, Long createdBy, String createdByName,
                              Instant createdAt, Instant sentAt, Instant finishedAt) {

    public static final Set<String> TYPES = Set.of("user_update", "user_delete", "info", "reupload", "set_clock");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The message key of a failure's meaning, for the pages; null unless the terminal answered with an error. The
     * codes are those the push protocol documents for its commands (-1 parameter error, -2 wrong operation, -3 flash
     * access error, -4 no such data, -5 no space left, -6 invalid data, -9 template size mismatch, -10 no such user,
     * -11 invalid template format, -12 invalid template).
     */
    @JsonIgnore
    public String failureKey() {
        if (returnCode == null || returnCode >= 0) {
            return null;
        }
        return Set.of(-1, -2, -3, -4, -5, -6, -9, -10, -11, -12).contains(returnCode)
                ? "terminals.failure.m" + (-returnCode) : "terminals.failure.other";
    }

    public boolean open() {
        return status.equals("PENDING") || status.equals("SENT");
    }

    /** {@link #result} read as values, for the pages; empty when there is none. */
    @JsonIgnore
    public Map<String, String> resultValues() {
        if (result == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(result, new TypeReference<Map<String, String>>() {});
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("terminal_command.result of " + id + " is not a JSON object of texts", e);
        }
    }
}
