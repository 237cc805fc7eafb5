package vn.onduty.server.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builders for realistic request bodies of the organisation API, unique by default so that tests do
 * not collide on names, codes or counter numbers: {@code aStaff().withDepartment(d).atSite(s).createdBy(admin)}.
 */
public final class Org {

    private static final AtomicInteger SEQUENCE = new AtomicInteger(100);

    /** The password every account built here gets unless told otherwise. */
    public static final String PASSWORD = "mat-khau-an-toan-1";

    private Org() {}

    public static int unique() {
        return SEQUENCE.incrementAndGet();
    }

    public static Body aSite() {
        int n = unique();
        return new Body("/api/sites")
                .with("name", "Trung tâm Phục vụ hành chính công số " + n)
                .with("address", n + " Lê Lợi, phường Thuận Hóa, Huế")
                .with("timeZone", "Asia/Ho_Chi_Minh");
    }

    /**
     * Gives a site the hours 07:30–11:30 and 13:30–17:00, Monday to Friday: seven and a half hours, the former
     * default that some provinces still keep. Tests whose scripted days (camera timelines, coverage minutes) were
     * written for those hours set them, rather than lean on the default (now 8 hours, to 17:30).
     */
    public static void workingUntilFivePm(Api admin, long siteId) {
        List<Map<String, Object>> week = new ArrayList<>();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            week.add(Map.of("weekday", day, "part", "MORNING", "start", "07:30", "end", "11:30"));
            week.add(Map.of("weekday", day, "part", "AFTERNOON", "start", "13:30", "end", "17:00"));
        }
        Reply r = admin.put("/api/sites/" + siteId + "/calendar", Map.of("lateGraceMinutes", 5,
                "earlyLeaveGraceMinutes", 5, "punchInBeforeMinutes", 60, "punchOutAfterMinutes", 120, "sessions", week,
                "seasons", List.of(), "dutySaturdays", List.of()));
        if (r.status() != 200) {
            throw new IllegalStateException("site calendar not set: " + r);
        }
    }

    public static Body aDepartment() {
        int n = unique();
        return new Body("/api/departments").with("code", "SO" + n).with("name", "Sở Tư pháp chi nhánh " + n);
    }

    public static Body aCounter(long siteId) {
        int n = unique();
        return new Body("/api/counters").with("siteId", siteId).with("number", n).with("name", "Quầy " + n)
                .with("services", List.of("Chứng thực bản sao", "Đăng ký hộ tịch"));
    }

    public static Body aStaff(long departmentId, long homeSiteId) {
        int n = unique();
        return new Body("/api/staff").with("code", "CB" + n).with("fullName", "Trần Thị Bình " + n)
                .with("departmentId", departmentId).with("homeSiteId", homeSiteId)
                .with("position", "Chuyên viên").with("serviceStartDate", "2019-03-01")
                .with("email", "cb" + n + "@hue.gov.vn").with("phone", "0234 3822 " + n);
    }

    public static Body anOfficerAccount(long staffId) {
        return anAccount("OFFICER").with("staffId", staffId);
    }

    public static Body aSupervisorAccount(List<Long> siteIds, List<Long> departmentIds) {
        return anAccount("SUPERVISOR").with("scopeSiteIds", siteIds).with("scopeDepartmentIds", departmentIds);
    }

    public static Body anAdminAccount() {
        return anAccount("ADMIN");
    }

    public static Body anAccount(String... roles) {
        return new Body("/api/accounts").with("username", "user" + unique()).with("password", PASSWORD)
                .with("roles", Arrays.asList(roles)).with("language", "vi");
    }

    public static Body anAgent(long siteId) {
        return new Body("/api/agents").with("siteId", siteId).with("name", "May tram " + unique());
    }

    /** A JSON object to send, and the collection it is created in. */
    public static final class Body {
        private final String collection;
        private final Map<String, Object> fields = new LinkedHashMap<>();

        private Body(String collection) {
            this.collection = collection;
        }

        public Body with(String field, Object value) {
            fields.put(field, value instanceof List<?> l ? new ArrayList<>(l) : value);
            return this;
        }

        public Body without(String field) {
            fields.remove(field);
            return this;
        }

        public Object get(String field) {
            return fields.get(field);
        }

        public Map<String, Object> fields() {
            return new LinkedHashMap<>(fields);
        }

        /** POSTs to the collection and insists on 201 Created. */
        public Reply create(Api api) {
            Reply r = api.post(collection, fields);
            if (r.status() != 201) {
                throw new AssertionError("Creating in " + collection + " " + fields + " answered " + r);
            }
            return r;
        }

        public long createdBy(Api api) {
            return create(api).id();
        }
    }
}
