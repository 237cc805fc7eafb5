package vn.onduty.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.dropwizard.jdbi3.JdbiFactory;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, point 5: a Jdbi made anywhere in the server (the application, its commands: create-admin, db backup,
 * db restore) goes through {@link JdbiSetup#configure}, or its failures' messages end in the values bound to the
 * statement (token hashes, passwords) and those reach the log.
 */
class EveryJdbiIsSetUpTest {

    @Test
    void everyClassThatMakesAJdbiSetsItUpWithoutBoundArgumentsInItsMessages() {
        JavaClasses server = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages("vn.onduty.server");

        List<String> makers = server.stream().filter(EveryJdbiIsSetUpTest::makesAJdbi).map(JavaClass::getName).toList();
        List<String> notSetUp = server.stream().filter(EveryJdbiIsSetUpTest::makesAJdbi)
                .filter(c -> !calls(c, JdbiSetup.class, "configure")).map(JavaClass::getName).toList();

        assertThat(makers).as("the rule sees the application's own Jdbi").contains("vn.onduty.server.OnDutyApplication");
        assertThat(notSetUp).as("classes making a Jdbi without JdbiSetup.configure").isEmpty();
    }

    private static boolean makesAJdbi(JavaClass c) {
        return calls(c, Jdbi.class, "create") || calls(c, JdbiFactory.class, "build");
    }

    private static boolean calls(JavaClass c, Class<?> owner, String method) {
        for (JavaMethodCall call : c.getMethodCallsFromSelf()) {
            if (call.getTargetOwner().isEquivalentTo(owner) && call.getName().equals(method)) {
                return true;
            }
        }
        return false;
    }
}
