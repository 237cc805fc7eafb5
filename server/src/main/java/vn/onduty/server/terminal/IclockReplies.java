package vn.onduty.server.terminal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Writes what the server answers a ZKTeco-family terminal over ADMS (docs/adms-protocol.md): the option block of
 * the handshake, the command lines of a poll, the time in the terminal's own encoding. Knows nothing of HTTP or the
 * database.
 */
public final class IclockReplies {

    /** The push protocol version this server answers as (the attendance "PUSH SDK" 2.4 generation). */
    public static final String SERVER_VERSION = "2.4.1";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    private IclockReplies() {}

    /** How often a terminal calls, from the server's configuration. */
    public record Timing(int pollSeconds, int errorDelaySeconds, int transIntervalMinutes) {}

    /**
     * The answer to the handshake {@code GET /iclock/cdata?SN=…&options=all}: the stamps of what is stored (the
     * terminal uploads what is newer; {@code None} when nothing is, which makes it upload its whole log), the
     * site's UTC offset in whole hours (left out where the zone is not a whole number of hours: the terminal would
     * truncate it), realtime pushes on, and which tables to push: attendance and the user list, never templates or
     * photos. A terminal speaking push protocol 3.x is also told it is registered.
     */
    public static String options(String serialNumber, String attlogStamp, String operlogStamp, ZoneId zone,
                                 Instant now, Timing timing, String pushVersion, long terminalId) {
        List<String> lines = new ArrayList<>();
        if (pushVersion != null && pushVersion.startsWith("3")) {
            lines.add("registry=ok");
            lines.add("RegistryCode=" + registryCode(terminalId));
        }
        lines.add("GET OPTION FROM: " + serialNumber);
        lines.add("ATTLOGStamp=" + stamp(attlogStamp));
        lines.add("OPERLOGStamp=" + stamp(operlogStamp));
        lines.add("ATTPHOTOStamp=None");
        lines.add("ErrorDelay=" + timing.errorDelaySeconds());
        lines.add("Delay=" + timing.pollSeconds());
        lines.add("TransTimes=00:00;14:05");
        lines.add("TransInterval=" + timing.transIntervalMinutes());
        lines.add("TransFlag=TransData AttLog\tOpLog\tEnrollUser\tChgUser");
        wholeHours(zone, now).ifPresent(h -> lines.add("TimeZone=" + h));
        lines.add("Realtime=1");
        lines.add("Encrypt=None");
        lines.add("ServerVer=" + SERVER_VERSION);
        lines.add("PushProtVer=" + SERVER_VERSION);
        return String.join("\n", lines) + "\n";
    }

    /** The answer to push protocol 3.x's {@code POST /iclock/registry}. */
    public static String registry(long terminalId) {
        return "RegistryCode=" + registryCode(terminalId) + "\n";
    }

    /** The answer to push protocol 3.x's {@code POST /iclock/push}: how to talk to this server. */
    public static String pushConfiguration(Timing timing) {
        return String.join("\n", "ServerVersion=" + SERVER_VERSION, "ServerName=OnDuty", "PushVersion=" + SERVER_VERSION,
                "ErrorDelay=" + timing.errorDelaySeconds(), "RequestDelay=" + timing.pollSeconds(),
                "TransTimes=00:00;14:05", "TransInterval=" + timing.transIntervalMinutes(),
                "TransTables=User Transaction", "Realtime=1", "TimeoutSec=20") + "\n";
    }

    /** The answer to {@code GET /iclock/rtdata?type=time}: the server's time as the terminal encodes it. */
    public static String time(Instant now, ZoneId zone) {
        String offset = zone.getRules().getOffset(now).getId().replace(":", "");
        return "DateTime=" + encodeTime(LocalDateTime.ofInstant(now, zone)) + ",ServerTZ=" + (offset.equals("Z") ? "+0000" : offset)
                + "\n";
    }

    /** An upload was read: every line of it is stored, known already, or kept aside as rejected. */
    public static String ok(int lines) {
        return "OK: " + lines + "\n";
    }

    public static String ok() {
        return "OK\n";
    }

    /** One command line of a poll's answer. */
    public static String commandLine(long id, String command) {
        return "C:" + id + ":" + command + "\n";
    }

    /**
     * Puts an officer on the terminal as a user (or renames one) under a PIN, with no privilege, password or card;
     * the officer then enrolls a finger or face at the terminal itself. The name loses tabs and line breaks (they
     * would split the record) and is cut to 24 characters, the most terminals hold.
     */
    public static String userUpdate(String pin, String name) {
        String clean = name.replaceAll("[\\t\\r\\n\\p{Cntrl}]", " ").strip();
        if (clean.length() > 24) {
            clean = clean.substring(0, 24).strip();
        }
        return "DATA UPDATE USERINFO PIN=" + pin + "\tName=" + clean + "\tPri=0\tPasswd=\tCard=\tGrp=1\tTZ=0000000000000000";
    }

    /** Removes a user, and with them the templates the terminal holds for them, by PIN only. */
    public static String userDelete(String pin) {
        return "DATA DELETE USERINFO PIN=" + pin;
    }

    public static String info() {
        return "INFO";
    }

    /** Asks for the attendance records from the start of {@code from} to the end of {@code to}, in the terminal's time. */
    public static String reupload(LocalDate from, LocalDate to) {
        return "DATA QUERY ATTLOG StartTime=" + from.atStartOfDay().format(TIME) + "\tEndTime="
                + to.atTime(23, 59, 59).format(TIME);
    }

    /** Sets the terminal's clock to this local time. */
    public static String setClock(LocalDateTime localTime) {
        return "SET OPTION DateTime=" + encodeTime(localTime);
    }

    /**
     * A local time as terminals encode it in {@code SET OPTION DateTime} and {@code rtdata}: seconds of a calendar of
     * twelve 31-day months since 2000-01-01 00:00:00.
     */
    public static long encodeTime(LocalDateTime t) {
        long days = (t.getYear() % 100) * 12L * 31 + (t.getMonthValue() - 1) * 31L + t.getDayOfMonth() - 1;
        return days * 86_400 + t.getHour() * 3_600L + t.getMinute() * 60L + t.getSecond();
    }

    /** The inverse of {@link #encodeTime}, for years 2000–2099. */
    public static LocalDateTime decodeTime(long v) {
        int second = (int) (v % 60);
        v /= 60;
        int minute = (int) (v % 60);
        v /= 60;
        int hour = (int) (v % 24);
        v /= 24;
        int day = (int) (v % 31) + 1;
        v /= 31;
        int month = (int) (v % 12) + 1;
        v /= 12;
        return LocalDateTime.of(2000 + (int) v, month, day, hour, minute, second);
    }

    private static String stamp(String stamp) {
        return stamp == null || stamp.isBlank() ? "None" : stamp;
    }

    private static java.util.Optional<Integer> wholeHours(ZoneId zone, Instant now) {
        ZoneOffset offset = zone.getRules().getOffset(now);
        return offset.getTotalSeconds() % 3600 == 0 ? java.util.Optional.of(offset.getTotalSeconds() / 3600)
                : java.util.Optional.empty();
    }

    private static String registryCode(long terminalId) {
        return String.format(Locale.ROOT, "onduty%026d", terminalId);
    }
}
