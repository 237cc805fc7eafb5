package vn.onduty.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.ForbiddenException;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    static final long SITE_A = 1;
    static final long SITE_B = 2;
    static final long DEPT_X = 10;
    static final long DEPT_Y = 20;
    /** Staff 100 works at site A in department X, 200 at site B in department Y. */
    static final long AT_A_IN_X = 100;
    static final long AT_B_IN_Y = 200;

    private final AccessPolicy policy = new AccessPolicy();

    @Test
    void adminSeesAndLeadsEverything() {
        Caller admin = person(Role.ADMIN).build();
        assertThat(policy.staffScope(admin).all()).isTrue();
        assertThat(policy.canSeeStaff(admin, AT_B_IN_Y, SITE_B, DEPT_Y)).isTrue();
        assertThat(policy.leadsSite(admin, SITE_B)).isTrue();
        assertThatCode(() -> policy.requireAdmin(admin)).doesNotThrowAnyException();
    }

    @Test
    void officerSeesOnlyThemselves() {
        Caller officer = person(Role.OFFICER).linkedTo(AT_A_IN_X).build();
        AccessPolicy.StaffScope scope = policy.staffScope(officer);
        assertThat(scope.all()).isFalse();
        assertThat(scope.siteIds()).isEmpty();
        assertThat(scope.departmentIds()).isEmpty();
        assertThat(scope.self()).isEqualTo(AT_A_IN_X);

        assertThat(policy.canSeeStaff(officer, AT_A_IN_X, SITE_A, DEPT_X)).isTrue();
        assertThat(policy.canSeeStaff(officer, 101, SITE_A, DEPT_X)).as("a colleague at the same site").isFalse();
        assertThat(policy.leadsSite(officer, SITE_A)).isFalse();
        assertThatThrownBy(() -> policy.requireAdmin(officer)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void officerWithoutAStaffRecordSeesNoOne() {
        Caller officer = person(Role.OFFICER).build();
        assertThat(policy.staffScope(officer).self()).isNull();
        assertThat(policy.canSeeStaff(officer, AT_A_IN_X, SITE_A, DEPT_X)).isFalse();
    }

    @Test
    void supervisorSeesStaffOfTheirSitesAndDepartmentsAndThemselves() {
        Caller supervisor = person(Role.SUPERVISOR).linkedTo(AT_B_IN_Y).leading(Set.of(SITE_A), Set.of()).build();
        AccessPolicy.StaffScope scope = policy.staffScope(supervisor);
        assertThat(scope.all()).isFalse();
        assertThat(scope.siteIds()).containsExactly(SITE_A);
        assertThat(scope.self()).isEqualTo(AT_B_IN_Y);

        assertThat(policy.canSeeStaff(supervisor, AT_A_IN_X, SITE_A, DEPT_X)).isTrue();
        assertThat(policy.canSeeStaff(supervisor, AT_B_IN_Y, SITE_B, DEPT_Y)).as("themselves").isTrue();
        assertThat(policy.canSeeStaff(supervisor, 201, SITE_B, DEPT_Y)).isFalse();
        assertThat(policy.leadsSite(supervisor, SITE_A)).isTrue();
        assertThat(policy.leadsSite(supervisor, SITE_B)).isFalse();
        assertThatThrownBy(() -> policy.requireAdmin(supervisor)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void departmentSupervisorSeesItsStaffAtEverySite() {
        Caller supervisor = person(Role.SUPERVISOR).leading(Set.of(), Set.of(DEPT_Y)).build();
        assertThat(policy.staffScope(supervisor).departmentIds()).containsExactly(DEPT_Y);
        assertThat(policy.canSeeStaff(supervisor, AT_B_IN_Y, SITE_B, DEPT_Y)).isTrue();
        assertThat(policy.canSeeStaff(supervisor, 300, SITE_A, DEPT_Y)).isTrue();
        assertThat(policy.canSeeStaff(supervisor, AT_A_IN_X, SITE_A, DEPT_X)).isFalse();
        assertThat(policy.leadsSite(supervisor, SITE_B)).as("leading a department is not leading a site").isFalse();
    }

    @Test
    void officerWhoIsAlsoSupervisorGetsTheSupervisorsScope() {
        Caller both = person(Role.OFFICER, Role.SUPERVISOR).linkedTo(AT_A_IN_X).leading(Set.of(SITE_B), Set.of()).build();
        assertThat(policy.canSeeStaff(both, AT_B_IN_Y, SITE_B, DEPT_Y)).isTrue();
        assertThat(policy.canSeeStaff(both, AT_A_IN_X, SITE_A, DEPT_X)).isTrue();
        assertThat(policy.staffScope(both).siteIds()).containsExactly(SITE_B);
    }

    @Test
    void agentSeesNoStaff() {
        Caller agent = Caller.agent(7, "Máy trạm quầy 1", SITE_A, "10.0.0.5");
        assertThat(policy.staffScope(agent)).isEqualTo(AccessPolicy.StaffScope.NONE);
        assertThat(policy.canSeeStaff(agent, AT_A_IN_X, SITE_A, DEPT_X)).isFalse();
        assertThat(policy.leadsSite(agent, SITE_A)).isFalse();
        assertThatThrownBy(() -> policy.requireAdmin(agent)).isInstanceOf(ForbiddenException.class);
    }

    @Test
    void systemActsAsAdmin() {
        assertThatCode(() -> policy.requireAdmin(Caller.system("demo"))).doesNotThrowAnyException();
    }

    static CallerBuilder person(Role... roles) {
        return new CallerBuilder(EnumSet.of(roles[0], roles));
    }

    /** A signed-in person, as AuthService would build them from a session. */
    static final class CallerBuilder {
        private final Set<Role> roles;
        private Long staffId;
        private Set<Long> sites = Set.of();
        private Set<Long> departments = Set.of();

        CallerBuilder(Set<Role> roles) {
            this.roles = roles;
        }

        CallerBuilder linkedTo(long staff) {
            this.staffId = staff;
            return this;
        }

        CallerBuilder leading(Set<Long> sites, Set<Long> departments) {
            this.sites = sites;
            this.departments = departments;
            return this;
        }

        Caller build() {
            return new Caller(42, "canbo", roles, staffId, sites, departments, null, 1L, "csrf", "vi", false, "127.0.0.1");
        }
    }
}
