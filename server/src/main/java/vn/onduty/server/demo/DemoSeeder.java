package vn.onduty.server.demo;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.BiPredicate;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.camera.CameraDao;
import vn.onduty.server.camera.Polygons;
import vn.onduty.server.ingest.IngestDao;
import vn.onduty.server.login.PasswordHasher;
import vn.onduty.server.login.Tokens;
import vn.onduty.server.occupancy.OccupancyEvent;
import vn.onduty.server.occupancy.OccupancyStore;
import vn.onduty.server.org.account.AccountDao;
import vn.onduty.server.org.counter.Counter;
import vn.onduty.server.org.counter.CounterDao;
import vn.onduty.server.org.department.Department;
import vn.onduty.server.org.department.DepartmentDao;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteDao;
import vn.onduty.server.org.staff.Staff;
import vn.onduty.server.org.staff.StaffCategory;
import vn.onduty.server.org.staff.StaffDao;
import vn.onduty.server.roster.ChangeKind;
import vn.onduty.server.roster.RosterDao;

/**
 * Seeds a realistic provincial center on first start in demo mode: 2 sites, 20 departments,
 * 40 counters, 70 officers, the accounts admin, supervisor and officer, the device agent of each
 * site with a fingerprint sensor on which every officer of the site is enrolled, the counter roster of
 * Cơ sở 1 (every counter staffed Monday to Friday, one substitution this week), the lobby camera with the
 * zones of four counters and a week of generated occupancy history. It runs in one
 * transaction and only on an empty database, so a restart never seeds twice and a crash never
 * leaves half a demo. The punch history follows the demo's leave ({@link #seedHistory}).
 */
public final class DemoSeeder {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);

    /** The sensor names the demo's agent.yml files use, at Cơ sở 1 and at Cơ sở 2. */
    public static final String DEMO_SENSOR = "cua-chinh";
    public static final String DEMO_SECOND_SENSOR = "cua-co-so-2";
    /** The demo's camera, and the video it reads (relative to where ./onduty demo runs). */
    public static final String DEMO_CAMERA = "Camera sảnh A";
    public static final String DEMO_VIDEO = "data/demo/counters.mp4";
    /** The stream of the generated occupancy history: no agent sends on it. */
    public static final String GENERATED_STREAM = "demo-generated";

    /** Code, name and the procedures its counters handle. */
    record Dept(String code, String name, List<String> services) {}

    static final List<Dept> DEPARTMENTS = List.of(
            new Dept("STP", "Sở Tư pháp", List.of("Cấp phiếu lý lịch tư pháp", "Chứng thực bản sao", "Đăng ký hộ tịch có yếu tố nước ngoài")),
            new Dept("SXD", "Sở Xây dựng", List.of("Cấp giấy phép xây dựng", "Thẩm định thiết kế", "Cấp chứng chỉ hành nghề xây dựng")),
            new Dept("STC", "Sở Tài chính", List.of("Đăng ký doanh nghiệp", "Đăng ký hộ kinh doanh", "Thẩm định dự án đầu tư")),
            new Dept("SCT", "Sở Công Thương", List.of("Giấy phép kinh doanh rượu", "Giấy chứng nhận an toàn thực phẩm", "Cấp phép bán lẻ xăng dầu")),
            new Dept("SNNMT", "Sở Nông nghiệp và Môi trường", List.of("Cấp giấy chứng nhận quyền sử dụng đất", "Giấy phép môi trường", "Cấp phép khai thác nước")),
            new Dept("SYT", "Sở Y tế", List.of("Cấp chứng chỉ hành nghề khám chữa bệnh", "Giấy phép hoạt động phòng khám", "Cấp phép quảng cáo thực phẩm")),
            new Dept("SGDDT", "Sở Giáo dục và Đào tạo", List.of("Cấp bản sao văn bằng", "Công nhận văn bằng nước ngoài", "Cho phép thành lập trường")),
            new Dept("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", List.of("Cấp thẻ hướng dẫn viên du lịch", "Giấy phép biểu diễn nghệ thuật", "Công nhận cơ sở lưu trú")),
            new Dept("SKHCN", "Sở Khoa học và Công nghệ", List.of("Đăng ký kết quả nhiệm vụ khoa học", "Cấp phép tiến hành công việc bức xạ", "Chứng nhận doanh nghiệp khoa học")),
            new Dept("SNV", "Sở Nội vụ", List.of("Cấp giấy phép lao động người nước ngoài", "Thành lập hội", "Khen thưởng")),
            new Dept("SDTTG", "Sở Dân tộc và Tôn giáo", List.of("Đăng ký hoạt động tôn giáo", "Chính sách dân tộc")),
            new Dept("SNGV", "Sở Ngoại vụ", List.of("Cho phép tổ chức hội nghị quốc tế", "Xác nhận lãnh sự")),
            new Dept("CAT", "Công an tỉnh", List.of("Cấp hộ chiếu phổ thông", "Đăng ký con dấu", "Cấp giấy phép lái xe")),
            new Dept("BHXH", "Bảo hiểm xã hội tỉnh", List.of("Cấp sổ bảo hiểm xã hội", "Giải quyết chế độ ốm đau, thai sản", "Cấp lại thẻ bảo hiểm y tế")),
            new Dept("THUE", "Thuế tỉnh", List.of("Đăng ký thuế", "Hoàn thuế", "Khai lệ phí trước bạ")),
            new Dept("KBNN", "Kho bạc Nhà nước khu vực", List.of("Mở tài khoản đơn vị", "Kiểm soát chi")),
            new Dept("BQLKCN", "Ban Quản lý các khu công nghiệp", List.of("Cấp giấy chứng nhận đăng ký đầu tư", "Giấy phép lao động trong khu công nghiệp")),
            new Dept("VPDKDD", "Văn phòng Đăng ký đất đai", List.of("Đăng ký biến động đất đai", "Cung cấp thông tin đất đai", "Đăng ký thế chấp")),
            new Dept("DIENLUC", "Công ty Điện lực tỉnh", List.of("Cấp điện mới", "Thay đổi hợp đồng mua bán điện")),
            new Dept("CAPNUOC", "Công ty Cấp nước", List.of("Lắp đặt đồng hồ nước", "Thay đổi hợp đồng dịch vụ nước")));

    private static final List<String> FAMILY = List.of("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan",
            "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Lương", "Tạ");
    private static final List<String> MIDDLE_MALE = List.of("Văn", "Đức", "Minh", "Hữu", "Quang", "Thanh", "Xuân", "Công", "Mạnh");
    private static final List<String> MIDDLE_FEMALE = List.of("Thị", "Thu", "Ngọc", "Thanh", "Phương", "Hoài", "Minh", "Bích", "Kim");
    private static final List<String> GIVEN_MALE = List.of("An", "Bình", "Dũng", "Hải", "Hiếu", "Hùng", "Khánh", "Long",
            "Nam", "Phong", "Quân", "Sơn", "Thắng", "Trung", "Tuấn", "Việt", "Đạt", "Cường", "Huy", "Tùng");
    private static final List<String> GIVEN_FEMALE = List.of("Chi", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh",
            "Mai", "Nga", "Ngọc", "Phương", "Quỳnh", "Tâm", "Thảo", "Trang", "Vân", "Yến", "Nhung", "Oanh");
    /** Administrative civil-service grades (ngạch) and their codes, the most senior first. */
    private static final List<String[]> GRADES = List.of(
            new String[] {"Chuyên viên chính", "01.002"},
            new String[] {"Chuyên viên", "01.003"},
            new String[] {"Chuyên viên", "01.003"},
            new String[] {"Cán sự", "01.004"});
    private static final List<String> POSITIONS = List.of("Chuyên viên", "Chuyên viên", "Chuyên viên", "Cán bộ một cửa",
            "Chuyên viên chính", "Văn thư");

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final DemoConfiguration config;
    private final OccupancyStore occupancy;
    private final Clock clock;

    public DemoSeeder(Jdbi jdbi, PasswordHasher hasher, AuditLog audit, DemoConfiguration config, OccupancyStore occupancy,
                      Clock clock) {
        this.jdbi = jdbi;
        this.hasher = hasher;
        this.audit = audit;
        this.config = config;
        this.occupancy = occupancy;
        this.clock = clock;
    }

    /** The first day of the demo's punch history: the first of last month, so two timesheets are filled. */
    public static LocalDate historyFrom(LocalDate today) {
        return today.withDayOfMonth(1).minusMonths(1);
    }

    /** An officer enrolled on a demo sensor: whose finger is in which slot of which agent's sensor. */
    record Enrolled(long agentId, String sensor, int slot, long staffId) {}

    /**
     * The punch history from {@link #historyFrom} up to now, so that the attendance pages are filled from the
     * first start, today's sessions so far included (the live sensors punch from then on; a demo started in the
     * afternoon should not show everyone absent this morning): every officer enrolled on a demo sensor punches
     * in and out of both sessions of every weekday except the sessions of their approved leave, a few arrive late, two stay away for a day, and the
     * demo officer forgets an out-punch (on the last weekday of this month before today) and asks to correct it.
     * Punches go through agent events of their own stream, as the agent would have delivered them; attendance is
     * computed from them at start. Runs after the demo's leave (which is made through the leave service, outside
     * the seed's transaction), in one transaction of its own, once: a demo that has a history keeps it.
     * Returns how many punches it stored.
     */
    public int seedHistory() {
        return jdbi.inTransaction(h -> {
            h.execute("select pg_advisory_xact_lock(hashtext('onduty.demo.seed'))");
            if (h.createQuery("select count(*) from agent_event where stream = 'history'").mapTo(Long.class).one() > 0) {
                return 0;
            }
            int punches = seedHistory(h);
            audit.record(h, Caller.system("demo-seed"), "demo.history", "demo", null, null,
                    Map.of("historyPunches", punches));
            LOG.info("Seeded the demo's punch history: {} punches", punches);
            return punches;
        });
    }

    private int seedHistory(Handle h) {
        ZoneId zone = ZoneId.of("Asia/Ho_Chi_Minh");
        LocalDate today = LocalDate.now(clock.withZone(zone));
        List<Enrolled> enrolled = h.createQuery("""
                select a.id, se.name, e.slot, e.staff_id
                  from enrollment e join sensor se on se.id = e.sensor_id join device_agent a on a.id = se.agent_id
                  join staff st on st.id = e.staff_id
                 where e.removed_at is null and st.active
                 order by a.id, e.slot
                """).map((rs, ctx) -> new Enrolled(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getLong(4))).list();
        var officer = h.createQuery("select id, staff_id from user_account where username = 'officer'")
                .map((rs, ctx) -> new long[] {rs.getLong(1), rs.getLong(2)}).findOne();
        long officerStaff = officer.map(o -> o[1]).orElse(-1L);
        Set<String> onLeave = leaveSessions(h);
        Random random = new Random(7L);
        LocalDate forgotten = null;
        for (LocalDate d = today.minusDays(1); !d.isBefore(today.withDayOfMonth(1)); d = d.minusDays(1)) {
            if (d.getDayOfWeek().getValue() <= 5) {
                forgotten = d;
                break;
            }
        }
        var events = h.prepareBatch("""
                insert into agent_event (agent_id, stream, seq, type, at, payload)
                values (:agent, 'history', :seq, 'punch', cast(:at as timestamptz), cast(:payload as jsonb))
                """);
        var punches = h.prepareBatch("""
                insert into punch (agent_id, stream, seq, sensor_id, slot, score, at, staff_id, enrollment_id)
                select :agent, 'history', :seq, e.sensor_id, e.slot, 80, cast(:at as timestamptz), e.staff_id, e.id
                  from enrollment e where e.staff_id = :staff and e.removed_at is null
                """);
        long seq = 0;
        Instant now = clock.instant();
        for (LocalDate d = historyFrom(today); !d.isAfter(today); d = d.plusDays(1)) {
            if (d.getDayOfWeek().getValue() > 5) {
                continue;
            }
            for (int i = 0; i < enrolled.size(); i++) {
                Enrolled s = enrolled.get(i);
                // Two days away without leave: someone on the 3rd of each month, someone on the forgotten day.
                if ((i == 7 && d.getDayOfMonth() == 3) || (i == 12 && d.equals(forgotten))) {
                    continue;
                }
                boolean late = random.nextInt(100) < 6;
                List<LocalTime> times = new ArrayList<>();
                if (!onLeave.contains(s.staffId() + " " + d + " " + SessionPart.MORNING)) {
                    times.add(LocalTime.of(7, 10).plusMinutes(late ? 30 + random.nextInt(35) : random.nextInt(24)));
                    times.add(LocalTime.of(11, 31).plusMinutes(random.nextInt(12)));
                }
                if (!onLeave.contains(s.staffId() + " " + d + " " + SessionPart.AFTERNOON)) {
                    times.add(LocalTime.of(13, 12).plusMinutes(random.nextInt(17)));
                    times.add(LocalTime.of(17, 30).plusMinutes(random.nextInt(20)));
                }
                if (s.staffId() == officerStaff && d.equals(forgotten) && !times.isEmpty()) {
                    times.remove(times.size() - 1);
                }
                for (LocalTime t : times) {
                    Instant at = d.atTime(t).plusSeconds(random.nextInt(60)).atZone(zone).toInstant();
                    if (at.isAfter(now)) {
                        continue;
                    }
                    seq++;
                    String payload = "{\"stream\":\"history\",\"seq\":" + seq + ",\"type\":\"punch\",\"at\":\"" + at
                            + "\",\"sensor\":\"" + s.sensor() + "\",\"slot\":" + s.slot() + ",\"score\":80}";
                    events.bind("agent", s.agentId()).bind("seq", seq).bind("at", at.toString()).bind("payload", payload)
                            .add();
                    punches.bind("agent", s.agentId()).bind("seq", seq).bind("at", at.toString())
                            .bind("staff", s.staffId()).add();
                }
            }
        }
        if (seq > 0) {
            events.execute();
            punches.execute();
        }
        if (forgotten != null && officer.isPresent()) {
            Instant out = forgotten.atTime(17, 35).atZone(zone).toInstant();
            h.createUpdate("""
                    insert into attendance_correction (staff_id, work_date, kind, out_at, reason, requested_by)
                    values (:staff, :date, 'SENSOR_FAILURE', :out, :reason, :user)
                    """).bind("staff", officerStaff).bind("date", forgotten).bind("out", out)
                    .bind("reason", "Máy chấm công không nhận vân tay lúc ra về").bind("user", officer.get()[0]).execute();
        }
        return (int) seq;
    }

    /** An approved leave's span, from the session it starts with to the one it ends with. */
    record LeaveSpan(long staffId, LocalDate start, SessionPart startPart, LocalDate end, SessionPart endPart) {}

    /** "staffId date part" of every session of approved leave: nobody punches on a day off. */
    private static Set<String> leaveSessions(Handle h) {
        List<LeaveSpan> spans = h.createQuery("""
                select staff_id, start_date, start_part, end_date, end_part from leave_request where status = 'APPROVED'
                """).map((rs, ctx) -> new LeaveSpan(rs.getLong(1), rs.getObject(2, LocalDate.class),
                        SessionPart.valueOf(rs.getString(3)), rs.getObject(4, LocalDate.class),
                        SessionPart.valueOf(rs.getString(5)))).list();
        Set<String> out = new HashSet<>();
        for (LeaveSpan l : spans) {
            for (LocalDate d = l.start(); !d.isAfter(l.end()); d = d.plusDays(1)) {
                for (SessionPart part : SessionPart.values()) {
                    boolean beforeStart = d.equals(l.start()) && part.compareTo(l.startPart()) < 0;
                    boolean afterEnd = d.equals(l.end()) && part.compareTo(l.endPart()) > 0;
                    if (!beforeStart && !afterEnd) {
                        out.add(l.staffId() + " " + d + " " + part);
                    }
                }
            }
        }
        return out;
    }

    /** Seeds once; returns whether it did. */
    public boolean seed() {
        String passwordHash = hasher.hash(config.getPassword());
        return jdbi.inTransaction(h -> {
            h.execute("select pg_advisory_xact_lock(hashtext('onduty.demo.seed'))");
            long sites = h.createQuery("select count(*) from site").mapTo(Long.class).one();
            long accounts = h.createQuery("select count(*) from user_account").mapTo(Long.class).one();
            if (sites > 0 || accounts > 0) {
                LOG.info("Demo data already present; not seeding again");
                return false;
            }
            seedInto(h, passwordHash);
            return true;
        });
    }

    /**
     * The lobby camera of Cơ sở 1, reading the generated video the demo's agent plays in a loop, with one
     * zone per seat: seat i is the rectangle x 0.05+0.25i..0.20+0.25i, y 0.30..0.80, for the site's
     * first four counters. Not calibrated: the demo's agent calibrates them itself. Watched by that agent.
     */
    private static long seedCamera(Handle h, Site site, long agentId, List<Counter> seats) {
        CameraDao cameras = h.attach(CameraDao.class);
        long cameraId = cameras.insertCamera(site.id(), agentId, DEMO_CAMERA, DEMO_VIDEO, null, null, 5, true,
                "Video mẫu do bản demo tạo ra; camera thật nên dùng luồng phụ (sub-stream).");
        for (int i = 0; i < seats.size(); i++) {
            double x0 = round(0.05 + 0.25 * i);
            double x1 = round(0.20 + 0.25 * i);
            cameras.insertZone(cameraId, seats.get(i).id(), Polygons.toJson(List.of(
                    List.of(x0, 0.30), List.of(x1, 0.30), List.of(x1, 0.80), List.of(x0, 0.80))));
        }
        return cameraId;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /**
     * GENERATED DEMO DATA, not observations: made-up occupancy for the demo camera's zones over the same
     * days as the punch and ticket history ({@link #historyFrom} up to now), so the coverage, timeline and
     * service-quality pages have history on the first start, this morning included. The events go on their
     * own stream ({@value #GENERATED_STREAM}) and each carries {@code "generated": "demo"}; they are derived
     * into intervals exactly like an agent's. Working days (Mon–Fri): the officer sits down around 07:35,
     * leaves the seat now and then, goes to lunch, comes back; the camera drops out once in a while; each
     * day ends with "unknown" at 18:00, and today's history at the moment of the seed, from which the live
     * agent takes over.
     */
    private int seedOccupancyHistory(Handle h, long agentId, long cameraId, ZoneId zone, Random random) {
        List<CameraDao.ZoneRow> zones = h.attach(CameraDao.class).liveZones(new Long[] {cameraId});
        LocalDate today = LocalDate.now(clock.withZone(zone));
        Instant now = clock.instant();
        List<OccupancyEvent> events = new ArrayList<>();
        long[] seq = {0};
        for (LocalDate day = historyFrom(today); !day.isAfter(today); day = day.plusDays(1)) {
            if (day.getDayOfWeek().getValue() > 5) {
                continue;
            }
            for (CameraDao.ZoneRow z : zones) {
                List<Object[]> changes = new ArrayList<>();
                changes.add(new Object[] {LocalTime.of(7, 0), "unknown", "agent_start"});
                changes.add(new Object[] {LocalTime.of(7, 2), "empty", null});
                LocalTime t = LocalTime.of(7, 25).plusMinutes(random.nextInt(25));
                for (LocalTime end : List.of(LocalTime.of(11, 30), LocalTime.of(17, 0))) {
                    while (t.isBefore(end.minusMinutes(20))) {
                        changes.add(new Object[] {t, "occupied", null});
                        t = t.plusMinutes(25 + random.nextInt(70));
                        if (!t.isBefore(end.minusMinutes(20))) {
                            break;
                        }
                        boolean cameraDrop = random.nextInt(8) == 0;
                        changes.add(new Object[] {t, cameraDrop ? "unknown" : "empty", cameraDrop ? "stream_lost" : null});
                        t = t.plusMinutes(3 + random.nextInt(cameraDrop ? 8 : 30));
                    }
                    changes.add(new Object[] {end.plusMinutes(random.nextInt(10)), "empty", null});
                    t = LocalTime.of(13, 25).plusMinutes(random.nextInt(20));
                }
                changes.add(new Object[] {LocalTime.of(18, 0), "unknown", "stream_lost"});
                boolean cut = false;
                for (Object[] c : changes) {
                    Instant at = day.atTime((LocalTime) c[0]).atZone(zone).toInstant();
                    if (!at.isBefore(now)) {
                        cut = true;
                        break;
                    }
                    events.add(new OccupancyEvent(GENERATED_STREAM, ++seq[0], cameraId, z.id(), z.counterId(),
                            (String) c[1], (String) c[2], null, at));
                }
                if (cut) {
                    events.add(new OccupancyEvent(GENERATED_STREAM, ++seq[0], cameraId, z.id(), z.counterId(),
                            "unknown", "stream_lost", null, now));
                }
            }
        }
        if (events.isEmpty()) {
            return 0;
        }
        int n = events.size();
        String[] streams = new String[n];
        Long[] seqs = new Long[n];
        String[] types = new String[n];
        String[] ats = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            OccupancyEvent e = events.get(i);
            streams[i] = e.stream();
            seqs[i] = e.seq();
            types[i] = "occupancy";
            ats[i] = e.at().toString();
            payloads[i] = JsonNodeFactory.instance.objectNode().put("generated", "demo").put("stream", e.stream())
                    .put("seq", e.seq()).put("type", "occupancy").put("at", e.at().toString())
                    .put("cameraId", e.cameraId()).put("zoneId", e.zoneId()).put("counterId", e.counterId())
                    .put("state", e.state()).put("reason", e.reason()).toString();
        }
        h.attach(IngestDao.class).insertEvents(agentId, streams, seqs, types, ats, payloads);
        occupancy.record(h, agentId, events);
        return n;
    }

    private void seedInto(Handle h, String passwordHash) {
        Caller seeder = Caller.system("demo-seed");
        SiteDao siteDao = h.attach(SiteDao.class);
        Site main = siteDao.insert("Trung tâm Phục vụ hành chính công tỉnh – Cơ sở 1",
                "Số 1 đường Trần Hưng Đạo, phường Đông Thành", "Asia/Ho_Chi_Minh");
        Site second = siteDao.insert("Trung tâm Phục vụ hành chính công tỉnh – Cơ sở 2",
                "Số 25 đường Lê Thái Tổ, phường Nam Bình", "Asia/Ho_Chi_Minh");

        DepartmentDao deptDao = h.attach(DepartmentDao.class);
        List<Department> departments = new ArrayList<>();
        for (Dept d : DEPARTMENTS) {
            departments.add(deptDao.insert(d.code(), d.name()));
        }

        // 28 counters at the main site, 12 at the second; each department staffs one or two.
        CounterDao counterDao = h.attach(CounterDao.class);
        List<Counter> counters = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Site site = i < 28 ? main : second;
            int number = i < 28 ? i + 1 : i - 27;
            Dept d = DEPARTMENTS.get(i % DEPARTMENTS.size());
            counters.add(counterDao.insert(site.id(), departments.get(i % departments.size()).id(), number, "Quầy " + number + " – " + d.name(),
                    d.services().toArray(String[]::new)));
        }

        Random random = new Random(20261126L);
        StaffDao staffDao = h.attach(StaffDao.class);
        List<Staff> staff = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            boolean female = random.nextInt(100) < 55;
            String name = FAMILY.get(random.nextInt(FAMILY.size())) + " "
                    + (female ? MIDDLE_FEMALE : MIDDLE_MALE).get(random.nextInt(MIDDLE_MALE.size())) + " "
                    + (female ? GIVEN_FEMALE : GIVEN_MALE).get(random.nextInt(GIVEN_MALE.size()));
            Department dept = departments.get(i % departments.size());
            Site site = i % 10 < 7 ? main : second;
            String position = i == 0 ? "Phó Giám đốc Trung tâm" : POSITIONS.get(random.nextInt(POSITIONS.size()));
            LocalDate start = LocalDate.of(1998 + random.nextInt(27), 1 + random.nextInt(12), 1 + random.nextInt(28));
            String code = String.format("CB%04d", i + 1);
            String email = code.toLowerCase() + "@hcc.example.gov.vn";
            String phone = String.format("09%08d", random.nextInt(100_000_000));
            // Most are civil servants of the administrative grades; a few public employees and contract staff.
            StaffCategory category = i % 10 == 9 ? StaffCategory.LABOUR_CONTRACT
                    : i % 10 == 4 ? StaffCategory.PUBLIC_EMPLOYEE : StaffCategory.CIVIL_SERVANT;
            String[] grade = category == StaffCategory.LABOUR_CONTRACT ? new String[] {null, null}
                    : GRADES.get(i == 0 ? 0 : 1 + i % (GRADES.size() - 1));
            staff.add(staffDao.insert(new StaffDao.Fields(code, name, dept.id(), site.id(), position, start, null,
                    category, grade[0], grade[1], BigDecimal.ZERO, email, phone)));
        }

        AccountDao accountDao = h.attach(AccountDao.class);
        long admin = accountDao.insert("admin", passwordHash, new String[] {"ADMIN"}, null, "vi");
        // The deputy director leads the main site; the officer is an ordinary one-stop-shop officer there.
        long supervisor = accountDao.insert("supervisor", passwordHash, new String[] {"OFFICER", "SUPERVISOR"},
                staff.get(0).id(), "vi");
        accountDao.addSiteScope(supervisor, new Long[] {main.id()});
        long officer = accountDao.insert("officer", passwordHash, new String[] {"OFFICER"}, staff.get(1).id(), "vi");

        // Each site's computer with its fingerprint sensor at the entrance, on which every officer of the site is
        // enrolled, in slots 0, 1, 2, ... which the site's sensor simulator knows as fingers 1, 2, 3, ...
        long agentId = seedAgent(h, main, "Máy trạm Cơ sở 1", config.getAgentToken());
        long secondAgentId = seedAgent(h, second, "Máy trạm Cơ sở 2", config.getSecondAgentToken());
        List<Staff> atMain = staff.stream().filter(s -> s.homeSiteId() == main.id()).toList();
        List<Staff> atSecond = staff.stream().filter(s -> s.homeSiteId() == second.id()).toList();
        enroll(h, seedSensor(h, agentId, DEMO_SENSOR), atMain);
        enroll(h, seedSensor(h, secondAgentId, DEMO_SECOND_SENSOR), atSecond);

        long template = seedRoster(h, main, counters, atMain);
        long cameraId = seedCamera(h, main, agentId, counters.stream().filter(c -> c.siteId() == main.id()).limit(4).toList());
        int generated = seedOccupancyHistory(h, agentId, cameraId, ZoneId.of(main.timeZone()), random);
        int tickets = DemoTickets.seed(h, main.id(), counters.stream().filter(c -> c.siteId() == main.id()).toList(),
                template, ZoneId.of(main.timeZone()), clock, random);

        audit.record(h, seeder, "demo.seed", "demo", null, null, Map.ofEntries(
                Map.entry("sites", 2), Map.entry("departments", departments.size()), Map.entry("counters", counters.size()),
                Map.entry("staff", staff.size()), Map.entry("accounts", List.of(admin, supervisor, officer)),
                Map.entry("agents", List.of(agentId, secondAgentId)), Map.entry("enrolled", atMain.size() + atSecond.size()),
                Map.entry("rosterTemplate", template),
                Map.entry("camera", cameraId), Map.entry("generatedOccupancyEvents", generated),
                Map.entry("generatedTickets", tickets)));
        LOG.info("Seeded the demo: 2 sites, {} departments, {} counters, {} officers, 3 accounts",
                departments.size(), counters.size(), staff.size());
    }

    private long seedAgent(Handle h, Site site, String name, String token) {
        return h.createUpdate("""
                insert into device_agent (site_id, name, token_hash, token_prefix)
                values (:site, :name, :hash, :prefix)
                """).bind("site", site.id()).bind("name", name).bind("hash", Tokens.sha256(token))
                .bind("prefix", token.substring(0, Math.min(10, token.length())))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    private static long seedSensor(Handle h, long agentId, String name) {
        return h.createUpdate("insert into sensor (agent_id, name) values (:agent, :name)")
                .bind("agent", agentId).bind("name", name)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    /** Slots 0, 1, 2, ... for the officers in order, enrolled before the history begins. */
    private static void enroll(Handle h, long sensorId, List<Staff> officers) {
        for (int slot = 0; slot < officers.size(); slot++) {
            h.createUpdate("""
                    insert into enrollment (sensor_id, slot, staff_id, enrolled_at)
                    values (:sensor, :slot, :staff, now() - interval '120 days')
                    """).bind("sensor", sensorId).bind("slot", slot).bind("staff", officers.get(slot).id()).execute();
        }
    }

    /**
     * The weekly template of the main site, in force from four weeks ago: each counter staffed Monday to
     * Friday, both sessions, by one officer, of the counter's department where the site has one free,
     * the officers enrolled on the sensor first (so their punches meet a roster); and on Wednesday
     * afternoon of this week another officer stands in for the demo's officer account (staff #2).
     * Returns the template's id.
     */
    private long seedRoster(Handle h, Site main, List<Counter> counters, List<Staff> atMain) {
        List<Counter> mainCounters = counters.stream().filter(c -> c.siteId() == main.id()).toList();
        Map<Long, Staff> byCounter = new LinkedHashMap<>();
        Set<Long> used = new HashSet<>();
        // Officers of the counter's department first, then anyone.
        List<BiPredicate<Counter, Staff>> passes = List.of(
                (c, s) -> Objects.equals(c.departmentId(), s.departmentId()),
                (c, s) -> true);
        for (var pass : passes) {
            for (Counter c : mainCounters) {
                if (byCounter.containsKey(c.id())) {
                    continue;
                }
                atMain.stream().filter(s -> !used.contains(s.id()) && pass.test(c, s)).findFirst().ifPresent(s -> {
                    byCounter.put(c.id(), s);
                    used.add(s.id());
                });
            }
        }
        LocalDate today = LocalDate.now(clock.withZone(ZoneId.of(main.timeZone())));
        LocalDate monday = today.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        RosterDao roster = h.attach(RosterDao.class);
        long template = roster.insertTemplate(main.id(), monday.minusWeeks(4), null, "Lịch trực quầy từ đầu đợt",
                clock.instant(), null);
        List<RosterDao.NewSlot> slots = new ArrayList<>();
        byCounter.forEach((counter, s) -> {
            for (int day = 1; day <= 5; day++) {
                for (SessionPart part : SessionPart.values()) {
                    slots.add(new RosterDao.NewSlot(counter, day, part, s.id()));
                }
            }
        });
        roster.insertSlots(template, slots);
        Staff officer = atMain.get(1);
        byCounter.entrySet().stream().filter(e -> e.getValue().id() == officer.id()).findFirst().ifPresent(e ->
                atMain.stream().filter(s -> !used.contains(s.id())).findFirst().ifPresent(substitute ->
                        roster.insertChange(main.id(), e.getKey(), monday.plusDays(2), SessionPart.AFTERNOON,
                                ChangeKind.SUBSTITUTION, substitute.id(), officer.id(),
                                "Tham dự lớp bồi dưỡng nghiệp vụ", clock.instant(), null, null)));
        return template;
    }
}
