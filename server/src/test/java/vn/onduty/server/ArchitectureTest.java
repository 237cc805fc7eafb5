package vn.onduty.server;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import jakarta.ws.rs.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlCall;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The few layout rules the server's code keeps (../shared/STYLE.md): features do not depend on each other in a
 * circle; the shared web package knows no feature; resources and pages reach the database only through services;
 * SQL is written in DAO interfaces (and the demo seeder), nowhere else.
 */
@AnalyzeClasses(packages = "vn.onduty.server", importOptions = {ImportOption.DoNotIncludeTests.class,
        ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {

    /** A package per slice: org.site and org.staff are as separate as leave and roster. */
    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("vn.onduty.server.(**)")
            .should().beFreeOfCycles();

    /** What every page shares may use the API's error and paging types and the caller, and nothing of a feature. */
    @ArchTest
    static final ArchRule webImportsNoFeature = noClasses().that().resideInAPackage("vn.onduty.server.web..")
            .should().dependOnClassesThat(resideInAPackage("vn.onduty.server..")
                    .and(not(resideInAnyPackage("vn.onduty.server.web..", "vn.onduty.server.api..",
                            "vn.onduty.server.auth.."))));

    @ArchTest
    static final ArchRule resourcesAndPagesHoldNoJdbi = noClasses().that().areAnnotatedWith(Path.class)
            .should().dependOnClassesThat(belongToAnyOf(Jdbi.class, Handle.class));

    /**
     * SQL text goes through these calls; only DAO interfaces (SqlObject interfaces, whose default methods may use their
     * handle), the demo seeder and the start-up code that creates the database itself may make them.
     */
    @ArchTest
    static final ArchRule sqlOnlyInDaos = noClasses()
            .that(not(areSqlObjectInterfaces()))
            .and().resideOutsideOfPackages("vn.onduty.server.demo..", "vn.onduty.server.db..")
            .should().callMethodWhere(runSqlText());

    private static DescribedPredicate<JavaClass> areSqlObjectInterfaces() {
        // A DAO that builds its one hot statement with its handle (ingest.HeartbeatDao) declares itself a SqlObject.
        return DescribedPredicate.describe("are JDBI SqlObject interfaces", c -> c.isInterface()
                && (c.isAssignableTo(SqlObject.class) || c.getMethods().stream().anyMatch(m -> m.isAnnotatedWith(SqlQuery.class)
                        || m.isAnnotatedWith(SqlUpdate.class) || m.isAnnotatedWith(SqlBatch.class)
                        || m.isAnnotatedWith(SqlCall.class))));
    }

    private static DescribedPredicate<JavaCall<?>> runSqlText() {
        Set<String> handle = Set.of("createQuery", "createUpdate", "createCall", "createScript", "execute", "select",
                "prepareBatch", "createBatch");
        Set<String> jdbc = Set.of("prepareStatement", "prepareCall", "execute", "executeQuery", "executeUpdate",
                "executeLargeUpdate", "addBatch");
        return DescribedPredicate.describe("run SQL text (Handle.createQuery/createUpdate/execute/select..., JDBC statements)",
                call -> {
                    JavaClass owner = call.getTargetOwner();
                    String name = call.getName();
                    return owner.isAssignableTo(Handle.class) && handle.contains(name)
                            || (owner.isAssignableTo(Connection.class) || owner.isAssignableTo(Statement.class))
                            && jdbc.contains(name);
                });
    }
}
