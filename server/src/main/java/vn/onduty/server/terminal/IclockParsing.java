package vn.onduty.server.terminal;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads what ZKTeco-family terminals send over ADMS (docs/adms-protocol.md): the lines of an ATTLOG or OPERLOG
 * upload, the results of commands, the INFO parameter of a command poll. Knows nothing of HTTP or the database; a
 * line it cannot read comes back as a {@link Rejected} with the reason, never as an exception, so one garbled
 * line never costs the rest of its batch.
 */
public final class IclockParsing {

    /** PINs as terminals number their users: letters and digits (older firmware: digits only). */
    public static final Pattern PIN = Pattern.compile("[A-Za-z0-9]{1,24}");
    /** A line longer than this is no record; it is kept shortened to this many characters. */
    public static final int MAX_LINE = 500;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT)
            .withResolverStyle(ResolverStyle.STRICT);
    /** Operation-log records that carry biometric data or photos: counted, never stored. */
    private static final Set<String> BIOMETRIC = Set.of("FP", "FACE", "FVEIN", "BIODATA", "USERPIC", "BIOPHOTO",
            "PALM", "FINGERTMP");
    /** Operation-log records that say nothing attendance needs (the terminal's own menu log, work codes, messages). */
    private static final Set<String> OTHER = Set.of("OPLOG", "WORKCODE", "SMS", "USER_SMS", "USERVF", "IDCARD",
            "ERRORLOG");

    private IclockParsing() {}

    /** One attendance record: who (PIN), when (the terminal's local time, no zone), the punch state as sent. */
    public record AttRecord(String pin, LocalDateTime localTime, int state, Integer verify, String workCode,
                            String line) {
        /** The record's identity: a second line with the same key is the same record sent again. */
        public String key() {
            return pin + "\t" + localTime + "\t" + state;
        }
    }

    /**
     * A line that could not be read, as received (shortened to {@link #MAX_LINE}), and why: {@code code} names the
     * kind of problem (the pages translate it), {@code reason} says it in English with the offending value.
     */
    public record Rejected(String line, String code, String reason) {}

    /** An ATTLOG upload: its records (each key once, in the order sent), its unreadable lines, its line count. */
    public record AttBatch(List<AttRecord> records, List<Rejected> rejected, int lines) {}

    /** A user of the terminal as its operation log reports it; passwords and cards are dropped here. */
    public record UserRecord(String pin, String name, Integer privilege) {}

    /** An OPERLOG upload: users, how many biometric or photo records were dropped unread, the other records. */
    public record OperBatch(List<UserRecord> users, int biometric, int other, List<Rejected> rejected, int lines) {}

    /** A command's result: its id, the terminal's return code, the command word, and any key=value lines that followed. */
    public record CommandResult(long id, int returnCode, String command, Map<String, String> values) {}

    /**
     * Reads an ATTLOG body: one record a line, TAB-separated {@code PIN, YYYY-MM-DD HH:MM:SS, state, verify,
     * work code, reserved...}. PIN, time and state are required; verify and work code may be empty. Blank lines are
     * skipped and not counted.
     */
    public static AttBatch attlog(String body) {
        List<AttRecord> records = new ArrayList<>();
        List<Rejected> rejected = new ArrayList<>();
        Set<String> keys = new LinkedHashSet<>();
        int lines = 0;
        for (String raw : lines(body)) {
            if (raw.isBlank()) {
                continue;
            }
            lines++;
            String line = stripEnd(raw);
            Object parsed = attRecord(line);
            if (parsed instanceof AttRecord r) {
                if (keys.add(r.key())) {
                    records.add(r);
                }
            } else {
                rejected.add((Rejected) parsed);
            }
        }
        return new AttBatch(records, rejected, lines);
    }

    /** The record a line holds, or why it holds none (a {@link Rejected}). */
    private static Object attRecord(String line) {
        if (line.length() > MAX_LINE) {
            return reject(line, "long", "line longer than " + MAX_LINE + " characters");
        }
        String[] f = line.split("\t", -1);
        if (f.length < 3) {
            return reject(line, "fields", "expected at least PIN, time and state separated by tabs, found " + f.length
                    + " field" + (f.length == 1 ? "" : "s"));
        }
        String pin = f[0].strip();
        if (!PIN.matcher(pin).matches()) {
            return reject(line, "pin", "PIN '" + printable(pin) + "' is not 1–24 letters or digits");
        }
        LocalDateTime time;
        try {
            time = LocalDateTime.parse(f[1].strip(), TIME);
        } catch (DateTimeParseException e) {
            return reject(line, "time", "time '" + printable(f[1].strip()) + "' is not a date and time YYYY-MM-DD HH:MM:SS");
        }
        if (time.getYear() < 2000 || time.getYear() > 2099) {
            return reject(line, "year", "time " + f[1].strip() + " is outside the years 2000–2099 a terminal's clock can hold");
        }
        Integer state = smallNumber(f[2]);
        if (state == null) {
            return reject(line, "state", "punch state '" + printable(f[2].strip()) + "' is not a number 0–255");
        }
        Integer verify = null;
        if (f.length > 3 && !f[3].isBlank()) {
            verify = smallNumber(f[3]);
            if (verify == null) {
                return reject(line, "verify", "verify mode '" + printable(f[3].strip()) + "' is not a number 0–255");
            }
        }
        String workCode = f.length > 4 && !f[4].isBlank() ? f[4].strip() : null;
        if (workCode != null && (workCode.length() > 32 || workCode.chars().anyMatch(Character::isISOControl))) {
            return reject(line, "workCode", "work code '" + printable(workCode) + "' is not a short code");
        }
        return new AttRecord(pin, time, state, verify, workCode, line);
    }

    private static Rejected reject(String line, String code, String reason) {
        return new Rejected(shorten(line), code, reason);
    }

    /**
     * Reads an OPERLOG body: one record a line, a record type then TAB-separated {@code Key=Value} fields, e.g.
     * {@code USER PIN=1\tName=Lan\tPri=0\tPasswd=\tCard=\tGrp=1}. Users are kept (PIN, name, privilege); templates,
     * faces and photos are counted and dropped; the terminal's own operation log is counted.
     */
    public static OperBatch operlog(String body) {
        Map<String, UserRecord> users = new LinkedHashMap<>();
        List<Rejected> rejected = new ArrayList<>();
        int biometric = 0;
        int other = 0;
        int lines = 0;
        for (String raw : lines(body)) {
            if (raw.isBlank()) {
                continue;
            }
            lines++;
            String line = stripEnd(raw).stripLeading();
            int space = firstWhitespace(line);
            String type = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
            if (BIOMETRIC.contains(type)) {
                biometric++;
            } else if (OTHER.contains(type)) {
                other++;
            } else if (type.equals("USER")) {
                Map<String, String> fields = fields(space < 0 ? "" : line.substring(space + 1));
                String pin = fields.getOrDefault("pin", "").strip();
                if (!PIN.matcher(pin).matches()) {
                    rejected.add(reject(line, "userPin", "USER record without a PIN of 1–24 letters or digits"));
                    continue;
                }
                String name = fields.get("name");
                name = name == null || name.isBlank() ? null : shorten(name.strip().replaceAll("\\p{Cntrl}", ""));
                users.put(pin, new UserRecord(pin, name, smallNumber(fields.getOrDefault("pri", ""))));
            } else {
                rejected.add(reject(line, "record", "unknown operation-log record '" + printable(shorten(type)) + "'"));
            }
        }
        return new OperBatch(List.copyOf(users.values()), biometric, other, rejected, lines);
    }

    /**
     * Reads a POST /iclock/devicecmd body: for each command, a line {@code ID=<id>&Return=<code>&CMD=<word>}; the
     * {@code Key=Value} lines after it (an INFO result) belong to it. Lines before the first result are ignored.
     */
    public static List<CommandResult> commandResults(String body) {
        List<CommandResult> out = new ArrayList<>();
        Long id = null;
        int code = 0;
        String command = null;
        Map<String, String> values = null;
        for (String raw : lines(body)) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.regionMatches(true, 0, "ID=", 0, 3)) {
                if (id != null) {
                    out.add(new CommandResult(id, code, command, values));
                }
                Map<String, String> parts = new LinkedHashMap<>();
                for (String part : line.split("&")) {
                    int eq = part.indexOf('=');
                    if (eq > 0) {
                        parts.put(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1).strip());
                    }
                }
                id = wholeNumber(parts.remove("id"));
                Long ret = wholeNumber(parts.remove("return"));
                code = ret == null ? Integer.MIN_VALUE : (int) Math.max(Integer.MIN_VALUE + 1L, Math.min(Integer.MAX_VALUE, ret));
                command = parts.remove("cmd");
                values = new LinkedHashMap<>();
                for (Map.Entry<String, String> e : parts.entrySet()) {
                    values.put(e.getKey(), e.getValue());
                }
                if (id == null) {
                    values = null;
                }
            } else if (id != null) {
                for (String part : line.split("[\t]")) {
                    int eq = part.indexOf('=');
                    if (eq > 0) {
                        values.put(part.substring(0, eq).strip().replaceFirst("^~", ""), shorten(part.substring(eq + 1).strip()));
                    }
                }
            }
        }
        if (id != null) {
            out.add(new CommandResult(id, code, command, values));
        }
        return out;
    }

    /**
     * The INFO parameter of a command poll: {@code firmware,users,fingerprints,records,IP,fingerprint algorithm,
     * face algorithm,face templates needed,faces,functions}; missing fields are left out.
     */
    public static Map<String, String> info(String info) {
        Map<String, String> out = new LinkedHashMap<>();
        if (info == null || info.isBlank()) {
            return out;
        }
        String[] names = {"firmware", "userCount", "fingerprintCount", "recordCount", "ipAddress", "fingerprintAlgorithm",
                "faceAlgorithm", "faceTemplatesNeeded", "faceCount", "functions"};
        String[] f = info.split(",", -1);
        for (int i = 0; i < Math.min(f.length, names.length); i++) {
            String v = f[i].strip();
            if (!v.isEmpty()) {
                out.put(names[i], shorten(v.replaceAll("\\p{Cntrl}", "")));
            }
        }
        return out;
    }

    /**
     * Push protocol 3.x's user table ({@code table=tabledata&tablename=user}, or a querydata answer): one user a
     * line, {@code user uid=1\tcardno=\tpin=1\tpassword=\tgroup=1\t...\tname=Lan\tprivilege=0}. Lines that are no
     * such user are skipped.
     */
    public static List<UserRecord> tableUsers(String body) {
        Map<String, UserRecord> users = new LinkedHashMap<>();
        for (String raw : lines(body)) {
            String line = stripEnd(raw).strip();
            if (!line.regionMatches(true, 0, "user ", 0, 5)) {
                continue;
            }
            Map<String, String> f = fields(line.substring(5));
            String pin = f.getOrDefault("pin", "").strip();
            if (PIN.matcher(pin).matches()) {
                String name = f.get("name");
                name = name == null || name.isBlank() ? null : shorten(name.strip().replaceAll("\\p{Cntrl}", ""));
                users.put(pin, new UserRecord(pin, name, smallNumber(f.getOrDefault("privilege", ""))));
            }
        }
        return List.copyOf(users.values());
    }

    /**
     * A terminal's options ({@code table=options} uploads, a registry's body): {@code Key=Value} pairs separated by
     * commas or line breaks, where a value may itself hold commas ({@code ~OEMVendor=ZKTECO CO., LTD.}). A leading
     * {@code ~} of a key is dropped; at most 60 pairs, values shortened.
     */
    public static Map<String, String> options(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null) {
            return out;
        }
        for (String part : OPTION_SPLIT.split(body.strip())) {
            int eq = part.indexOf('=');
            if (eq > 0 && out.size() < 60) {
                String key = part.substring(0, eq).strip().replaceFirst("^~", "");
                String value = part.substring(eq + 1).strip();
                if (value.endsWith(",")) {
                    value = value.substring(0, value.length() - 1);
                }
                if (!key.isEmpty() && key.length() <= 64) {
                    out.put(key, shorten(value.replaceAll("\\p{Cntrl}", "")));
                }
            }
        }
        return out;
    }

    private static final Pattern OPTION_SPLIT = Pattern.compile("[,\\n\\r\\t]+(?=~?[A-Za-z][\\w.~]*=)");

    /** The lines of a body, split on LF (a CR before it is dropped by {@link #stripEnd}). */
    private static String[] lines(String body) {
        return body == null ? new String[0] : body.split("\n", -1);
    }

    private static String stripEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\r' || line.charAt(end - 1) == '\0')) {
            end--;
        }
        return line.substring(0, end);
    }

    private static Map<String, String> fields(String rest) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : rest.split("\t")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).strip().toLowerCase(Locale.ROOT), part.substring(eq + 1));
            }
        }
        return out;
    }

    private static int firstWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static Integer smallNumber(String s) {
        Long n = wholeNumber(s);
        return n == null || n < 0 || n > 255 ? null : n.intValue();
    }

    private static Long wholeNumber(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        if (t.isEmpty() || t.length() > 12 || !t.matches("-?[0-9]+")) {
            return null;
        }
        return Long.parseLong(t);
    }

    static String shorten(String s) {
        return s.length() <= MAX_LINE ? s : s.substring(0, MAX_LINE);
    }

    /** A field for a message: control characters (a garbled line's bytes) shown as '?', at most 40 characters. */
    private static String printable(String s) {
        String t = s.replaceAll("\\p{Cntrl}", "?");
        return t.length() <= 40 ? t : t.substring(0, 40) + "…";
    }
}
