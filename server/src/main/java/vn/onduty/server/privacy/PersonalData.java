package vn.onduty.server.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where OnDuty keeps an officer's data, in one place: every column that refers to an officer (a staff record) or to
 * an account is here, either exported into the officer's archive or left out with the reason why. A table added
 * with such a column and not declared here fails {@code PersonalDataCoverageIT}, which reads the columns from
 * PostgreSQL's catalog: the archive stays complete by construction.
 *
 * <p>{@link #ROWS} are exported whole (every column but those left out), one JSON file per table, selected by the
 * officer's staff id or their account's id; {@link #BY_QUERY} are exported by a query of their own in
 * {@link PersonalDataDao} (they join other tables, or leave out other officers' data); {@link #OUT_OF_SCOPE} are
 * not exported. Beside these the archive holds what no column names directly: presence at the counters the officer
 * staffed while they staffed them, their rows of filed timesheets, their leave documents and their failed sign-ins.
 */
public final class PersonalData {

    /** What selects an officer's rows: their staff id, or the id of the account linked to it. */
    public enum Key { STAFF, ACCOUNT }

    /** A table exported whole into {@code file}, its rows where {@code column} is the officer's key. */
    public record Rows(String file, String table, String column, Key key, String orderBy, List<String> leftOut) {

        public String reference() {
            return table + "." + column;
        }

        /** The jsonb expression that drops the columns left out, e.g. {@code  - 'password_hash'}. */
        String leftOutSql() {
            StringBuilder b = new StringBuilder();
            leftOut.forEach(c -> b.append(" - '").append(c).append('\''));
            return b.toString();
        }
    }

    public static final List<Rows> ROWS = List.of(
            rows("staff.json", "staff", "id", Key.STAFF, "id"),
            rows("account.json", "user_account", "staff_id", Key.STAFF, "id", "password_hash"),
            rows("account_scope_sites.json", "user_scope_site", "user_id", Key.ACCOUNT, "site_id"),
            rows("account_scope_departments.json", "user_scope_department", "user_id", Key.ACCOUNT, "department_id"),
            rows("sessions.json", "auth_session", "user_id", Key.ACCOUNT, "created_at", "token_hash", "csrf_token"),
            rows("privacy_notice_acknowledgements.json", "privacy_notice_ack", "user_id", Key.ACCOUNT, "acknowledged_at"),
            rows("fingerprint_enrollments.json", "enrollment", "staff_id", Key.STAFF, "enrolled_at"),
            rows("fingerprint_commands.json", "agent_command", "staff_id", Key.STAFF, "created_at"),
            rows("punches.json", "punch", "staff_id", Key.STAFF, "at"),
            rows("punch_resolutions.json", "punch_resolution", "staff_id", Key.STAFF, "resolved_at"),
            rows("manual_punches.json", "manual_punch", "staff_id", Key.STAFF, "at"),
            rows("attendance_days.json", "attendance_session", "staff_id", Key.STAFF, "work_date, part"),
            rows("corrections.json", "attendance_correction", "staff_id", Key.STAFF, "work_date, id"),
            rows("leave_entitlements.json", "leave_ledger", "staff_id", Key.STAFF, "year, id"),
            rows("leave_approver_steps.json", "leave_chain_step", "account_id", Key.ACCOUNT, "chain_id, position"),
            rows("leave_delegations_given.json", "leave_delegation", "from_user_id", Key.ACCOUNT, "starts_on, id"),
            rows("leave_delegations_received.json", "leave_delegation", "to_user_id", Key.ACCOUNT, "starts_on, id"),
            rows("queue_tickets.json", "queue_ticket", "staff_id", Key.STAFF, "issued_at"));

    /** References exported by a query of their own, "table.column" to the file they go to. */
    public static final Map<String, String> BY_QUERY = ordered(
            "leave_request.staff_id", "leave_requests.json",
            "leave_request.substitute_staff_id", "leave_stand_in.json",
            "roster_template_slot.staff_id", "roster.json",
            "roster_change.staff_id", "roster.json",
            "roster_change.replaced_staff_id", "roster.json",
            "audit_event_subject.staff_id", "reads_of_my_records.json",
            "audit_event.actor_user_id", "audit_events.json");

    /** Files with no column of their own: derived from the officer's roster, filed sheets, requests and username. */
    public static final List<String> DERIVED = List.of("presence.json", "timesheets_filed.json", "leave_attachments/",
            "login_attempts.json");

    private static final String OFFICIAL_ACT = "who did it, in their role, to someone's record: an act of the account's"
            + " owner on others' data, which the archive of the person it was about holds (exporting it here would"
            + " disclose the other officers' data)";

    /** References not exported, "table.column" to why. */
    public static final Map<String, String> OUT_OF_SCOPE = ordered(
            "attendance_dirty.staff_id", "a queue of officer-days waiting to be recomputed, emptied within seconds;"
                    + " it holds nothing the attendance days do not",
            "attendance_correction.requested_by", "the account that asked; the officer's requests are exported by"
                    + " staff_id (corrections.json) and nobody asks for someone else",
            "attendance_correction.decided_by", OFFICIAL_ACT,
            "leave_request.requested_by", "the account that made the request; the officer's requests are exported by"
                    + " staff_id (leave_requests.json), an admin's requests for others are theirs",
            "leave_decision.decided_by", OFFICIAL_ACT + "; the decisions on the officer's requests are in"
                    + " leave_requests.json with the approver's account",
            "leave_decision.on_behalf_of", OFFICIAL_ACT,
            "leave_ledger.created_by", OFFICIAL_ACT,
            "leave_delegation.created_by", OFFICIAL_ACT,
            "leave_delegation.revoked_by", OFFICIAL_ACT,
            "punch_resolution.resolved_by", OFFICIAL_ACT,
            "punch_time_acceptance.accepted_by", OFFICIAL_ACT + "; the accepted punch is in punches.json",
            "camera_move.moved_by", OFFICIAL_ACT + "; which agent watches a camera, about nobody",
            "agent_command.created_by", OFFICIAL_ACT,
            "holiday_year.confirmed_by", OFFICIAL_ACT,
            "holiday.withdrawn_by", OFFICIAL_ACT,
            "timesheet_lock.locked_by", OFFICIAL_ACT,
            "timesheet_lock.unlocked_by", OFFICIAL_ACT,
            "roster_template.created_by_user_id", OFFICIAL_ACT,
            "roster_change.created_by_user_id", OFFICIAL_ACT,
            "roster_change_revocation.revoked_by_user_id", OFFICIAL_ACT,
            "privacy_notice.created_by", OFFICIAL_ACT,
            "org_import.created_by", OFFICIAL_ACT + "; the import's rows are about the organisation, and each"
                    + " officer's own record it created or changed is exported as staff.json",
            "retention_setting.updated_by", OFFICIAL_ACT + "; a setting for the whole installation, about nobody");

    private PersonalData() {}

    /** Every "table.column" declared here, exported or not. */
    public static Set<String> declared() {
        Set<String> all = new TreeSet<>();
        ROWS.forEach(r -> all.add(r.reference()));
        all.addAll(BY_QUERY.keySet());
        all.addAll(OUT_OF_SCOPE.keySet());
        return all;
    }

    /** The files of the archive, in the order the summary lists them. */
    public static List<String> files() {
        Set<String> files = new java.util.LinkedHashSet<>();
        ROWS.forEach(r -> files.add(r.file()));
        files.addAll(BY_QUERY.values());
        files.addAll(DERIVED);
        return List.copyOf(files);
    }

    private static Rows rows(String file, String table, String column, Key key, String orderBy, String... leftOut) {
        return new Rows(file, table, column, key, orderBy, List.of(leftOut));
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
