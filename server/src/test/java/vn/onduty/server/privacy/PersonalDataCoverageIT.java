package vn.onduty.server.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.onduty.server.testing.TestDatabase;
import vn.onduty.server.testing.TestPostgres;

/**
 * The personal-data archive is complete by construction: every column of the migrated schema that refers to an
 * officer or an account (a foreign key to staff or user_account, or a column named like staff_id or user_id) is
 * declared in {@link PersonalData}, exported or out of scope with its reason, and nothing declared is gone from the
 * schema. A table added with such a column and not declared fails here, naming it.
 */
class PersonalDataCoverageIT {

    static final TestDatabase DB = TestPostgres.freshDatabase(PersonalDataCoverageIT.class);

    /** What refers to a person: "table.column" for each such column of the public schema. */
    static final String REFERENCES = """
            select c.relname || '.' || a.attname
              from pg_attribute a
              join pg_class c on c.oid = a.attrelid and c.relkind in ('r', 'p')
              join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
             where a.attnum > 0 and not a.attisdropped
               and (exists (select 1 from pg_constraint k
                             where k.contype = 'f' and k.conrelid = c.oid and a.attnum = any(k.conkey)
                               and k.confrelid in ('public.staff'::regclass, 'public.user_account'::regclass))
                    or a.attname ~ '(^|_)(staff|user)_id$')
               and c.relname not like 'databasechangelog%'
             order by 1
            """;

    @BeforeAll
    static void migrate() {
        DB.migrate();
    }

    static Set<String> references(Handle h) {
        return new TreeSet<>(h.createQuery(REFERENCES).mapTo(String.class).list());
    }

    @Test
    void everyColumnThatRefersToAnOfficerIsExportedOrDeclaredOutOfScope() {
        Set<String> schema = DB.jdbi().withHandle(PersonalDataCoverageIT::references);
        assertThat(schema).as("the catalog query finds the references it is meant to find")
                .contains("punch.staff_id", "leave_request.substitute_staff_id", "auth_session.user_id",
                        "roster_change.created_by_user_id");

        Set<String> undeclared = new TreeSet<>(schema);
        undeclared.removeAll(PersonalData.declared());
        assertThat(undeclared).as("columns referring to an officer or an account that the personal-data archive neither"
                + " exports nor declares out of scope: add each to PersonalData (ROWS, BY_QUERY or OUT_OF_SCOPE with"
                + " the reason)").isEmpty();

        Set<String> gone = new TreeSet<>(PersonalData.declared());
        gone.removeAll(schema);
        gone.remove("staff.id");
        assertThat(gone).as("declared in PersonalData but no longer in the schema").isEmpty();
    }

    @Test
    void aNewTableWithAStaffReferenceIsCaught() {
        DB.jdbi().useHandle(h -> {
            h.begin();
            try {
                h.execute("create table uniform_size (staff_id bigint not null references staff (id), size text)");
                h.execute("create table counter_note (written_by bigint references user_account (id), note text)");
                Set<String> undeclared = references(h);
                undeclared.removeAll(PersonalData.declared());
                assertThat(undeclared).containsExactly("counter_note.written_by", "uniform_size.staff_id");
            } finally {
                h.rollback();
            }
        });
    }

    @Test
    void everyExportedTableAndColumnExistsAndEveryFileIsDescribed() {
        DB.jdbi().useHandle(h -> {
            for (PersonalData.Rows r : PersonalData.ROWS) {
                for (String column : concat(r.column(), r.leftOut())) {
                    assertThat(h.createQuery("select count(*) from information_schema.columns where table_schema = 'public'"
                                    + " and table_name = :t and column_name = :c").bind("t", r.table()).bind("c", column)
                            .mapTo(Integer.class).one()).as(r.table() + "." + column).isEqualTo(1);
                }
            }
        });
        assertThat(PersonalDataExport.DESCRIPTIONS.keySet()).containsExactlyInAnyOrderElementsOf(PersonalData.files());
        assertThat(PersonalData.OUT_OF_SCOPE.values()).allSatisfy(reason -> assertThat(reason).hasSizeGreaterThan(20));
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(rest);
        all.add(first);
        return all;
    }
}
