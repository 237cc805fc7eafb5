package vn.onduty.server.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Queue tickets as a queue system sends them ({@code POST /api/tickets}), and files as an admin uploads them. */
public final class Tickets {

    public static final ZoneId HCM = ZoneId.of("Asia/Ho_Chi_Minh");

    private Tickets() {}

    /** A moment of a day at a site in Vietnam: {@code at("2026-11-25", "07:35")}. */
    public static Instant at(String date, String time) {
        return LocalDate.parse(date).atTime(LocalTime.parse(time)).atZone(HCM).toInstant();
    }

    /** A ticket with its number and issue time; add fields with {@link #with}. */
    public static Map<String, Object> ticket(String number, Instant issuedAt) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("number", number);
        t.put("issuedAt", issuedAt.toString());
        return t;
    }

    public static Map<String, Object> with(Map<String, Object> ticket, Object... fieldsAndValues) {
        Map<String, Object> t = new LinkedHashMap<>(ticket);
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            Object v = fieldsAndValues[i + 1];
            t.put((String) fieldsAndValues[i], v instanceof Instant instant ? instant.toString() : v);
        }
        return t;
    }

    public static Map<String, Object> batch(Long siteId, List<Map<String, Object>> tickets) {
        Map<String, Object> b = new LinkedHashMap<>();
        if (siteId != null) {
            b.put("siteId", siteId);
        }
        b.put("tickets", new ArrayList<>(tickets));
        return b;
    }

    /** A multipart/form-data body: text fields, then one file. Returns the content type (with boundary) and bytes. */
    public record Multipart(String contentType, byte[] body) {}

    public static Multipart multipart(Map<String, String> fields, String fileField, String fileName, byte[] file) {
        String boundary = "----onduty" + System.nanoTime();
        StringBuilder head = new StringBuilder();
        fields.forEach((k, v) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(k).append("\"\r\n\r\n").append(v).append("\r\n"));
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(fileField).append("\"; filename=\"")
                .append(fileName).append("\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        byte[] a = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] b = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[a.length + file.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(file, 0, all, a.length, file.length);
        System.arraycopy(b, 0, all, a.length + file.length, b.length);
        return new Multipart("multipart/form-data; boundary=" + boundary, all);
    }
}
