package vn.onduty.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * Change 0070 on a database that already has substitutions from leave approvals: those whose reason names a
 * request of the officer they replace get the link; a manual substitution, and one naming another officer's
 * request, stay without; the roster stays append-only afterwards.
 */
class RosterLeaveLinkMigrationIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(RosterLeaveLinkMigrationIT.class);

    @Test
    void substitutionsLeaveApprovalsMadeBeforeTheChangeGetTheirRequest() throws Exception {
        try (Connection c = DriverManager.getConnection(DB.url(), DB.user(), DB.password())) {
            Database database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(c));
            try (Liquibase liquibase = new Liquibase(Migrator.CHANGELOG, new ClassLoaderResourceAccessor(), database)) {
                liquibase.update(changesBefore("0070_"), new Contexts(), new LabelExpression());
                seedTheRosterAsLeaveApprovalsLeftIt();
                liquibase.update(new Contexts(), new LabelExpression());
            }
        }

        assertThat(DB.rows("select reason, leave_request_id from roster_change order by id")).containsExactly(
                TestDatabase.row("reason", "Nghỉ phép: Nghỉ phép năm (đơn #1)", "leave_request_id", 1L),
                TestDatabase.row("reason", "Tham dự lớp bồi dưỡng nghiệp vụ", "leave_request_id", null),
                TestDatabase.row("reason", "Nghỉ phép: Nghỉ phép năm (đơn #2)", "leave_request_id", null));
        assertThatThrownBy(() -> DB.jdbi().useHandle(h -> h.execute("update roster_change set reason = 'sửa'")))
                .hasMessageContaining("append-only");
    }

    private static void seedTheRosterAsLeaveApprovalsLeftIt() {
        DB.jdbi().useHandle(h -> {
            h.execute("insert into site (name) values ('Trung tâm PVHCC')");
            h.execute("insert into department (code, name) values ('STP', 'Sở Tư pháp')");
            h.execute("insert into counter (site_id, number, name) values (1, 1, 'Quầy 1')");
            for (String code : List.of("CB1", "CB2", "CB3")) {
                h.execute("insert into staff (code, full_name, department_id, home_site_id) values (?, ?, 1, 1)", code,
                        "Cán bộ " + code);
            }
            h.execute("insert into user_account (username, password_hash, roles) values ('quantri', 'x', array['ADMIN'])");
            // Request 1 is officer 1's, request 2 officer 3's.
            for (long staff : new long[] {1, 3}) {
                h.execute("""
                        insert into leave_request (staff_id, leave_type_id, start_date, start_part, end_date, end_part,
                                                   slots, days, status, steps, requested_by)
                        values (?, (select id from leave_type where code = 'ANNUAL'), '2026-11-23', 'MORNING',
                                '2026-11-23', 'AFTERNOON', int8range(1, 3), 1, 'APPROVED', '[]', 1)
                        """, staff);
            }
            String change = """
                    insert into roster_change (site_id, counter_id, work_date, part, kind, staff_id, replaced_staff_id, reason)
                    values (1, 1, '2026-11-23', ?, 'SUBSTITUTION', 2, 1, ?)
                    """;
            h.execute(change, "MORNING", "Nghỉ phép: Nghỉ phép năm (đơn #1)");
            h.execute(change, "AFTERNOON", "Tham dự lớp bồi dưỡng nghiệp vụ");
            // Names a request of another officer than the one replaced: no link is made up.
            h.execute(change, "AFTERNOON", "Nghỉ phép: Nghỉ phép năm (đơn #2)");
        });
    }

    /** How many changes the master changelog includes before the file whose name starts with {@code prefix}. */
    private static int changesBefore(String prefix) throws IOException {
        try (InputStream in = Migrator.class.getClassLoader().getResourceAsStream(Migrator.CHANGELOG)) {
            String changelog = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int at = changelog.lastIndexOf("<include ", changelog.indexOf("db/changes/" + prefix));
            assertThat(at).as("%s in the changelog", prefix).isPositive();
            return changelog.substring(0, at).split("<include ", -1).length - 1;
        }
    }
}
