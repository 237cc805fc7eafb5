package vn.onduty.server.privacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import vn.onduty.server.api.InvalidInputException;
import vn.onduty.server.api.Text;
import vn.onduty.server.audit.AuditLog;
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.occupancy.OccupancyInterval;
import vn.onduty.server.occupancy.OccupancyService;
import vn.onduty.server.roster.RosterService;

/**
 * Everything OnDuty holds about one officer, as one ZIP archive: a JSON file per kind ({@link PersonalData} says
 * which), their leave documents as they were uploaded, a README and a readable XLSX summary. The officer downloads
 * their own; a supervisor whose scope holds the officer, or an admin, produces it on the officer's request, giving
 * the request's reference, which the audit log keeps with the export (a read of the officer's records they see).
 */
public final class PersonalDataExport {

    /** The archive as it is sent. */
    public record Archive(String fileName, byte[] bytes, Map<String, Integer> counts) {}

    /** What each file holds, in Vietnamese and English: the README and the summary sheet list it. */
    static final Map<String, String[]> DESCRIPTIONS = descriptions();

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final AccessPolicy policy;
    private final RosterService roster;
    private final OccupancyService occupancy;
    private final ObjectMapper json;
    private final Clock clock;

    public PersonalDataExport(Jdbi jdbi, AuditLog audit, AccessPolicy policy, RosterService roster,
                              OccupancyService occupancy, ObjectMapper json, Clock clock) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.policy = policy;
        this.roster = roster;
        this.occupancy = occupancy;
        this.json = json;
        this.clock = clock;
    }

    /** The signed-in officer's own data. */
    public Archive mine(Caller caller) {
        if (caller.isAgent() || caller.staffId() == null) {
            throw new ForbiddenException("Only an officer's account (linked to a staff record) has personal data to download");
        }
        Archive a = build(caller.staffId());
        audit.record(caller.name(), caller.id(), caller.ip(), "personal_data.download", "staff", caller.staffId(),
                Map.of("files", a.counts().size(), "bytes", a.bytes().length));
        return a;
    }

    /** An officer's data, produced by a supervisor in scope or an admin on the officer's request. */
    public Archive forOfficer(long staffId, String reason, Caller caller) {
        PersonalDataDao.Officer o = jdbi.withExtension(PersonalDataDao.class, dao -> dao.officer(staffId))
                .filter(s -> (caller.isAdmin() || caller.isSupervisor())
                        && policy.canSeeStaff(caller, s.id(), s.homeSiteId(), s.departmentId()))
                .orElseThrow(() -> new NotFoundException("No staff member " + staffId));
        String why = Text.clean(reason);
        if (why == null) {
            throw InvalidInputException.field("reason", "is required: the officer's request it answers (e.g. its date"
                    + " and reference)");
        }
        if (why.length() > 500) {
            throw InvalidInputException.field("reason", "must be at most 500 characters");
        }
        Archive a = build(o.id());
        audit.exported(caller, "personal_data_export", "staff=" + o.id(), why, List.of(o.id()));
        return a;
    }

    /** The archive of an officer, with no access check (the callers above check). */
    Archive build(long staffId) {
        Instant now = clock.instant();
        Map<String, ArrayNode> files = new LinkedHashMap<>();
        List<PersonalDataDao.Attachment> documents = new ArrayList<>();
        // One snapshot for the files read here: a punch arriving meanwhile is in all of them or in none.
        PersonalDataDao.Officer officer = jdbi.inTransaction(TransactionIsolationLevel.REPEATABLE_READ, h -> {
            PersonalDataDao dao = h.attach(PersonalDataDao.class);
            PersonalDataDao.Officer o = dao.officer(staffId)
                    .orElseThrow(() -> new NotFoundException("No staff member " + staffId));
            Long[] staffKey = {staffId};
            Long[] accountKey = dao.accounts(staffId).toArray(Long[]::new);
            for (PersonalData.Rows r : PersonalData.ROWS) {
                add(files, r.file(), dao.rows(r.table(), r.column(), r.leftOutSql(), r.orderBy(),
                        r.key() == PersonalData.Key.STAFF ? staffKey : accountKey));
            }
            add(files, "leave_requests.json", dao.leaveRequests(staffId));
            add(files, "leave_stand_in.json", dao.standIn(staffId));
            add(files, "roster.json", dao.roster(staffId));
            add(files, "reads_of_my_records.json", dao.reads(staffId));
            add(files, "audit_events.json", dao.events(staffId));
            add(files, "timesheets_filed.json", dao.filedTimesheets(staffId));
            add(files, "login_attempts.json", dao.loginAttempts(staffId));
            documents.addAll(dao.attachments(staffId));
            return o;
        });
        files.put("presence.json", presence(staffId, now));
        ZoneId zone = ZoneId.of(jdbi.withExtension(PersonalDataDao.class, dao -> dao.homeZone(staffId)));
        Map<String, Integer> counts = new LinkedHashMap<>();
        files.forEach((name, rows) -> counts.put(name, rows.size()));
        counts.put("leave_attachments/", documents.size());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            put(zip, "README.txt", readme(officer, now, zone, counts).getBytes(StandardCharsets.UTF_8), now);
            for (Map.Entry<String, ArrayNode> f : files.entrySet()) {
                put(zip, f.getKey(), json.writerWithDefaultPrettyPrinter().writeValueAsBytes(f.getValue()), now);
            }
            for (PersonalDataDao.Attachment d : documents) {
                put(zip, "leave_attachments/" + d.requestId() + "-" + safe(d.fileName()), d.content(), now);
            }
            ByteArrayOutputStream sheet = new ByteArrayOutputStream();
            new ExportXlsx(officer, zone, now, counts, files).write(sheet);
            put(zip, "tom-tat-summary.xlsx", sheet.toByteArray(), now);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String day = LocalDate.ofInstant(now, zone).toString();
        return new Archive("du-lieu-ca-nhan-" + safe(officer.code()) + "-" + day + ".zip", bytes.toByteArray(), counts);
    }

    /** Presence at the counters the officer staffed, while they staffed them (see {@link Presence}). */
    private ArrayNode presence(long staffId, Instant now) {
        ArrayNode out = json.createArrayNode();
        // Up to tomorrow in UTC: today in every zone east of it is included; sessions not begun yet clip to nothing.
        LocalDate today = LocalDate.ofInstant(now, ZoneId.of("UTC")).plusDays(1);
        for (PersonalDataDao.RosterSpan span : jdbi.withExtension(PersonalDataDao.class, dao -> dao.rosterSpans(staffId, today))) {
            ZoneId zone = ZoneId.of(occupancy.site(span.siteId()).timeZone());
            List<Presence.Window> windows = new ArrayList<>();
            for (LocalDate from = span.fromDate(); !from.isAfter(span.toDate()); from = from.plusDays(RosterService.MAX_DAYS)) {
                LocalDate to = from.plusDays(RosterService.MAX_DAYS - 1);
                windows.addAll(Presence.windows(roster.days(span.siteId(), from, to.isAfter(span.toDate()) ? span.toDate() : to),
                        staffId, zone));
            }
            Map<Long, List<OccupancyInterval>> intervals = new LinkedHashMap<>();
            Presence.spans(windows).forEach((counter, range) ->
                    intervals.put(counter, occupancy.intervals(List.of(counter), range[0], range[1])));
            for (Presence.Row r : Presence.rows(windows, intervals, now)) {
                ObjectNode n = out.addObject();
                n.put("date", r.date().toString());
                n.put("session", r.part().name());
                n.put("site_id", span.siteId());
                n.put("counter_id", r.counterId());
                n.put("counter_number", r.counterNumber());
                n.put("counter_name", r.counterName());
                n.put("camera_id", r.cameraId());
                n.put("state", r.state());
                n.put("reason", r.reason());
                n.put("from", r.from().toString());
                n.put("to", r.to().toString());
            }
        }
        return out;
    }

    private void add(Map<String, ArrayNode> files, String file, List<String> rows) {
        ArrayNode array = files.computeIfAbsent(file, f -> json.createArrayNode());
        for (String row : rows) {
            try {
                array.add(json.readTree(row));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static void put(ZipOutputStream zip, String name, byte[] content, Instant at) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(at.toEpochMilli());
        zip.putNextEntry(e);
        zip.write(content);
        zip.closeEntry();
    }

    /** A file name with only the characters every system accepts. */
    static String safe(String name) {
        String s = java.text.Normalizer.normalize(name == null ? "" : name, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").replace('đ', 'd').replace('Đ', 'D').replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "file" : s;
    }

    private static String readme(PersonalDataDao.Officer o, Instant now, ZoneId zone, Map<String, Integer> counts) {
        StringBuilder b = new StringBuilder();
        b.append("OnDuty - Dữ liệu cá nhân / Personal data\n\n");
        b.append(o.fullName()).append(" (").append(o.code()).append(")\n");
        b.append("Xuất lúc / Exported at: ").append(now.atZone(zone).toLocalDateTime().withNano(0)).append(' ')
                .append(zone).append("\n\n");
        b.append("Mỗi tệp JSON là một loại dữ liệu, lưu nguyên như trong cơ sở dữ liệu (thời gian theo UTC).\n");
        b.append("Each JSON file is one kind of data, as stored in the database (times in UTC).\n");
        b.append("tom-tat-summary.xlsx: bảng tóm tắt dễ đọc / a readable summary.\n\n");
        for (Map.Entry<String, Integer> c : counts.entrySet()) {
            String[] d = DESCRIPTIONS.getOrDefault(c.getKey(), new String[] {"", ""});
            b.append(c.getKey()).append(" (").append(c.getValue()).append(")\n  ").append(d[0]).append("\n  ")
                    .append(d[1]).append('\n');
        }
        return b.toString();
    }

    private static Map<String, String[]> descriptions() {
        Map<String, String[]> d = new LinkedHashMap<>();
        d.put("staff.json", new String[] {"Hồ sơ cán bộ", "Your staff record"});
        d.put("account.json", new String[] {"Tài khoản đăng nhập (không có mật khẩu)", "Your account (without the password)"});
        d.put("account_scope_sites.json", new String[] {"Điểm phục vụ tài khoản phụ trách", "Sites your account leads"});
        d.put("account_scope_departments.json", new String[] {"Cơ quan tài khoản phụ trách", "Departments your account leads"});
        d.put("sessions.json", new String[] {"Các phiên đăng nhập và địa chỉ máy", "Your sign-in sessions and their addresses"});
        d.put("privacy_notice_acknowledgements.json", new String[] {"Các lần xác nhận đã đọc thông báo",
                "When you acknowledged the privacy notice"});
        d.put("fingerprint_enrollments.json", new String[] {"Ô nhớ vân tay trên máy chấm công (không có mẫu vân tay)",
                "Your fingerprint slots on the sensors (no template)"});
        d.put("fingerprint_commands.json", new String[] {"Yêu cầu đăng ký, xóa vân tay", "Fingerprint enrollment and deletion requests"});
        d.put("punches.json", new String[] {"Giờ chấm công", "Your punches"});
        d.put("punch_resolutions.json", new String[] {"Lần chấm công được gán cho anh/chị", "Punches assigned to you by an administrator"});
        d.put("manual_punches.json", new String[] {"Giờ chấm công bổ sung theo đề nghị điều chỉnh", "Punches added by approved corrections"});
        d.put("attendance_days.json", new String[] {"Ngày công từng buổi", "Attendance per session"});
        d.put("corrections.json", new String[] {"Đề nghị điều chỉnh công và quyết định", "Correction requests and decisions"});
        d.put("leave_entitlements.json", new String[] {"Ngày phép được hưởng", "Leave entitlements"});
        d.put("leave_approver_steps.json", new String[] {"Các bước duyệt nghỉ do anh/chị đảm nhận", "Approval steps you hold"});
        d.put("leave_delegations_given.json", new String[] {"Ủy quyền duyệt anh/chị đã giao", "Delegations you gave"});
        d.put("leave_delegations_received.json", new String[] {"Ủy quyền duyệt anh/chị được nhận", "Delegations you received"});
        d.put("queue_tickets.json", new String[] {"Phiếu xếp hàng anh/chị phục vụ", "Queue tickets you served"});
        d.put("leave_requests.json", new String[] {"Đơn nghỉ phép, các bước duyệt và giấy tờ kèm theo",
                "Leave requests, their decisions and documents"});
        d.put("leave_stand_in.json", new String[] {"Lần anh/chị được chọn làm thay người nghỉ (chỉ ngày)",
                "Leave you were chosen to stand in for (dates only)"});
        d.put("roster.json", new String[] {"Phân công quầy có tên anh/chị", "Counter roster entries naming you"});
        d.put("reads_of_my_records.json", new String[] {"Ai đã xem dữ liệu của anh/chị, lúc nào", "Who looked at your records, and when"});
        d.put("audit_events.json", new String[] {"Nhật ký thay đổi, phê duyệt, đăng nhập liên quan đến anh/chị",
                "Audit log of changes, approvals and sign-ins about you"});
        d.put("presence.json", new String[] {"Hiện diện tại quầy trong các buổi anh/chị được phân công",
                "Presence at the counters you staffed, while you staffed them"});
        d.put("timesheets_filed.json", new String[] {"Dòng của anh/chị trên các bảng chấm công đã khóa",
                "Your rows of the filed (locked) timesheets"});
        d.put("leave_attachments/", new String[] {"Giấy tờ kèm đơn nghỉ, nguyên bản", "Your leave documents, as uploaded"});
        d.put("login_attempts.json", new String[] {"Các lần đăng nhập, kể cả không thành công", "Sign-in attempts, failed ones included"});
        return java.util.Collections.unmodifiableMap(d);
    }
}
