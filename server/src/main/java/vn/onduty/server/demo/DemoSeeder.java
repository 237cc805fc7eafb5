package vn.onduty.server.demo;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
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
import vn.onduty.server.auth.PasswordHasher;
import vn.onduty.server.auth.Tokens;
import vn.onduty.server.calendar.SessionPart;
import vn.onduty.server.org.account.AccountDao;
import vn.onduty.server.org.counter.Counter;
import vn.onduty.server.org.counter.CounterDao;
import vn.onduty.server.org.department.Department;
import vn.onduty.server.org.department.DepartmentDao;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteDao;
import vn.onduty.server.org.staff.Staff;
import vn.onduty.server.org.staff.StaffDao;
import vn.onduty.server.roster.ChangeKind;
import vn.onduty.server.roster.RosterDao;

/**
 * Seeds a realistic provincial center on first start in demo mode: 2 sites, 20 departments,
 * 40 counters, 70 officers, the accounts admin, supervisor and officer, and the device agent of
 * Cơ sở 1 with a fingerprint sensor on which 20 officers are enrolled, and the counter roster of
 * Cơ sở 1 (every counter staffed Monday to Friday, one substitution this week). It runs in one
 * transaction and only on an empty database, so a restart never seeds twice and a crash never
 * leaves half a demo.
 */
public final class DemoSeeder {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);

    /** The sensor name the demo's agent.yml uses. */
    public static final String DEMO_SENSOR = "cua-chinh";

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
    private static final List<String> POSITIONS = List.of("Chuyên viên", "Chuyên viên", "Chuyên viên", "Cán bộ một cửa",
            "Chuyên viên chính", "Văn thư");

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final AuditLog audit;
    private final DemoConfiguration config;
    private final Clock clock;

    public DemoSeeder(Jdbi jdbi, PasswordHasher hasher, AuditLog audit, DemoConfiguration config, Clock clock) {
        this.jdbi = jdbi;
        this.hasher = hasher;
        this.audit = audit;
        this.config = config;
        this.clock = clock;
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
            staff.add(staffDao.insert(code, name, dept.id(), site.id(), position, start, email, phone));
        }

        AccountDao accountDao = h.attach(AccountDao.class);
        long admin = accountDao.insert("admin", passwordHash, new String[] {"ADMIN"}, null, "vi");
        // The deputy director leads the main site; the officer is an ordinary one-stop-shop officer there.
        long supervisor = accountDao.insert("supervisor", passwordHash, new String[] {"OFFICER", "SUPERVISOR"},
                staff.get(0).id(), "vi");
        accountDao.addSiteScope(supervisor, new Long[] {main.id()});
        long officer = accountDao.insert("officer", passwordHash, new String[] {"OFFICER"}, staff.get(1).id(), "vi");

        // The site computer of Cơ sở 1 with its fingerprint sensor at the entrance; the first officers
        // of that site are enrolled in slots 0, 1, 2, ... which the sensor simulator knows as fingers.
        String token = config.getAgentToken();
        long agentId = h.createUpdate("""
                insert into device_agent (site_id, name, token_hash, token_prefix)
                values (:site, 'Máy trạm Cơ sở 1', :hash, :prefix)
                """).bind("site", main.id()).bind("hash", Tokens.sha256(token))
                .bind("prefix", token.substring(0, Math.min(10, token.length())))
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        long sensorId = h.createUpdate("insert into sensor (agent_id, name) values (:agent, :name)")
                .bind("agent", agentId).bind("name", DEMO_SENSOR)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
        List<Staff> atMain = staff.stream().filter(s -> s.homeSiteId() == main.id()).toList();
        int enrolled = Math.min(config.getEnrolledOfficers(), atMain.size());
        for (int slot = 0; slot < enrolled; slot++) {
            h.createUpdate("""
                    insert into enrollment (sensor_id, slot, staff_id, enrolled_at)
                    values (:sensor, :slot, :staff, now() - interval '30 days')
                    """).bind("sensor", sensorId).bind("slot", slot).bind("staff", atMain.get(slot).id()).execute();
        }

        long template = seedRoster(h, main, counters, atMain, atMain.subList(0, enrolled));

        audit.record(h, seeder, "demo.seed", "demo", null, null, Map.of(
                "sites", 2, "departments", departments.size(), "counters", counters.size(), "staff", staff.size(),
                "accounts", List.of(admin, supervisor, officer), "agent", agentId, "enrolled", enrolled,
                "rosterTemplate", template));
        LOG.info("Seeded the demo: 2 sites, {} departments, {} counters, {} officers, 3 accounts",
                departments.size(), counters.size(), staff.size());
    }

    /**
     * The weekly template of the main site, in force from four weeks ago: each counter staffed Monday to
     * Friday, both sessions, by one officer, of the counter's department where the site has one free,
     * the officers enrolled on the sensor first (so their punches meet a roster); and on Wednesday
     * afternoon of this week another officer stands in for the demo's officer account (staff #2).
     * Returns the template's id.
     */
    private long seedRoster(Handle h, Site main, List<Counter> counters, List<Staff> atMain, List<Staff> enrolled) {
        List<Counter> mainCounters = counters.stream().filter(c -> c.siteId() == main.id()).toList();
        Map<Long, Staff> byCounter = new LinkedHashMap<>();
        Set<Long> used = new HashSet<>();
        // Enrolled officers of the counter's department, then others of it, then anyone enrolled, then anyone.
        List<BiPredicate<Counter, Staff>> passes = List.of(
                (c, s) -> enrolled.contains(s) && Objects.equals(c.departmentId(), s.departmentId()),
                (c, s) -> Objects.equals(c.departmentId(), s.departmentId()),
                (c, s) -> enrolled.contains(s),
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
                                "Tham dự lớp bồi dưỡng nghiệp vụ", clock.instant(), null)));
        return template;
    }
}
