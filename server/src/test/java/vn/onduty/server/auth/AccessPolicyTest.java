package vn.onduty.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ws.rs.ForbiddenException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
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

    /** Site C and department Z are deactivated. */
    static final long SITE_C = 3;
    static final long DEPT_Z = 30;
    /** Department W has nobody yet, only a counter at site A (and a closed one at site B). */
    static final long DEPT_W = 40;

    /**
     * Who works where: 100 at A in X, 200 at B in Y, 300 at A in Y; 400 at B in X has left (inactive), and
     * 500 at C in Z works at a deactivated site in a deactivated department.
     */
    private final FakeScopes scopes = new FakeScopes(List.of(SITE_A, SITE_B), List.of(DEPT_X, DEPT_Y, DEPT_W), List.of(
            new Works(AT_A_IN_X, SITE_A, DEPT_X, true), new Works(AT_B_IN_Y, SITE_B, DEPT_Y, true),
            new Works(300, SITE_A, DEPT_Y, true), new Works(400, SITE_B, DEPT_X, false),
            new Works(500, SITE_C, DEPT_Z, true)),
            List.of(new Serves(SITE_A, DEPT_W, true), new Serves(SITE_B, DEPT_W, false), new Serves(SITE_B, DEPT_X, false)));
    private final AccessPolicy policy = new AccessPolicy(scopes);

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

    // ---- the sites and departments a caller may choose ----

    @Test
    void adminChoosesEveryActiveSiteAndDepartment() {
        Caller admin = person(Role.ADMIN).build();
        assertThat(policy.choices(admin)).isEqualTo(choices(Set.of(SITE_A, SITE_B), Set.of(DEPT_X, DEPT_Y, DEPT_W)));
        assertThat(policy.mayChooseSite(admin, SITE_C)).as("an admin may still open a deactivated site").isTrue();
        assertThat(policy.mayChooseDepartment(admin, DEPT_Z)).isTrue();
    }

    @Test
    void siteSupervisorChoosesTheSitesTheyLeadAndTheDepartmentsWorkingThere() {
        Caller supervisor = person(Role.SUPERVISOR).leading(Set.of(SITE_A), Set.of()).build();
        assertThat(policy.choices(supervisor)).isEqualTo(choices(Set.of(SITE_A), Set.of(DEPT_X, DEPT_Y)));
        assertThat(policy.mayChooseSite(supervisor, SITE_B)).isFalse();

        Caller atB = person(Role.SUPERVISOR).leading(Set.of(SITE_B), Set.of()).build();
        assertThat(policy.choices(atB)).as("400 has left site B's department X")
                .isEqualTo(choices(Set.of(SITE_B), Set.of(DEPT_Y)));
    }

    @Test
    void departmentSupervisorChoosesTheirDepartmentsAndTheSitesTheirStaffWorkAt() {
        Caller supervisor = person(Role.SUPERVISOR).leading(Set.of(), Set.of(DEPT_Y)).build();
        assertThat(policy.choices(supervisor)).isEqualTo(choices(Set.of(SITE_A, SITE_B), Set.of(DEPT_Y)));
        assertThat(policy.mayChooseSite(supervisor, SITE_B)).isTrue();
        assertThat(policy.mayChooseDepartment(supervisor, DEPT_X)).isFalse();
        assertThat(policy.leadsSite(supervisor, SITE_B)).as("choosing a site is not leading it").isFalse();
        assertThat(policy.leadsDepartment(supervisor, DEPT_Y)).isTrue();

        Caller ofX = person(Role.SUPERVISOR).leading(Set.of(), Set.of(DEPT_X)).build();
        assertThat(policy.choices(ofX).siteIds()).as("not site B, where X's only officer has left and its counter is closed")
                .containsExactly(SITE_A);
    }

    @Test
    void departmentSupervisorChoosesTheSitesWhereTheirDepartmentHasACounter() {
        Caller ofW = person(Role.SUPERVISOR).leading(Set.of(), Set.of(DEPT_W)).build();
        assertThat(policy.choices(ofW)).as("a counter at A, nobody yet; B's counter is closed")
                .isEqualTo(choices(Set.of(SITE_A), Set.of(DEPT_W)));
        assertThat(policy.mayChooseSite(ofW, SITE_B)).isFalse();
    }

    @Test
    void officerChoosesOnlyTheirOwnHomeSiteAndDepartment() {
        Caller officer = person(Role.OFFICER).linkedTo(AT_B_IN_Y).build();
        assertThat(policy.choices(officer)).isEqualTo(choices(Set.of(SITE_B), Set.of(DEPT_Y)));
        assertThat(policy.mayChooseSite(officer, SITE_A)).isFalse();
        assertThat(policy.choices(person(Role.OFFICER).build())).as("no staff record, nothing to choose")
                .isEqualTo(AccessPolicy.Choices.NONE);
    }

    @Test
    void aPersonWithSeveralRolesChoosesTheUnion() {
        Caller both = person(Role.OFFICER, Role.SUPERVISOR).linkedTo(AT_B_IN_Y).leading(Set.of(SITE_A), Set.of()).build();
        assertThat(policy.choices(both)).isEqualTo(choices(Set.of(SITE_A, SITE_B), Set.of(DEPT_X, DEPT_Y)));
    }

    @Test
    void deactivatedSitesAndDepartmentsAreNeverOffered() {
        Caller supervisor = person(Role.SUPERVISOR).leading(Set.of(SITE_C), Set.of(DEPT_Z)).build();
        assertThat(policy.choices(supervisor)).isEqualTo(AccessPolicy.Choices.NONE);
        assertThat(policy.mayChooseSite(supervisor, SITE_C)).isFalse();
        assertThat(policy.leadsSite(supervisor, SITE_C)).as("what they lead is still theirs").isTrue();
        assertThat(policy.choices(person(Role.OFFICER).linkedTo(500).build())).isEqualTo(AccessPolicy.Choices.NONE);
    }

    @Test
    void agentsAndSupervisorsWithoutScopeChooseNothingAndAskNoQuestion() {
        assertThat(policy.choices(Caller.agent(7, "Máy trạm quầy 1", SITE_A, "10.0.0.5"))).isEqualTo(AccessPolicy.Choices.NONE);
        assertThat(policy.choices(person(Role.SUPERVISOR).build())).isEqualTo(AccessPolicy.Choices.NONE);
        assertThat(scopes.questions).isZero();
    }

    private static AccessPolicy.Choices choices(Set<Long> sites, Set<Long> departments) {
        return new AccessPolicy.Choices(sites, departments);
    }

    record Works(long staffId, long siteId, long departmentId, boolean active) {}

    record Serves(long siteId, long departmentId, boolean active) {}

    /** The facts as the database would give them, from a list of who works where. */
    static final class FakeScopes implements ScopeDao {
        private final List<Long> activeSites;
        private final List<Long> activeDepartments;
        private final List<Works> staff;
        private final List<Serves> counters;
        int questions;

        FakeScopes(List<Long> activeSites, List<Long> activeDepartments, List<Works> staff, List<Serves> counters) {
            this.activeSites = activeSites;
            this.activeDepartments = activeDepartments;
            this.staff = staff;
            this.counters = counters;
        }

        @Override
        public List<Long> activeSites() {
            questions++;
            return activeSites;
        }

        @Override
        public List<Long> activeDepartments() {
            questions++;
            return activeDepartments;
        }

        @Override
        public List<Long> sitesOfDepartments(Long[] departmentIds) {
            questions++;
            List<Long> in = List.of(departmentIds);
            return java.util.stream.Stream.concat(
                    staff.stream().filter(w -> w.active() && in.contains(w.departmentId())).map(Works::siteId),
                    counters.stream().filter(c -> c.active() && in.contains(c.departmentId())).map(Serves::siteId))
                    .distinct().toList();
        }

        @Override
        public List<Long> departmentsOfStaffAt(Long[] siteIds) {
            questions++;
            List<Long> at = List.of(siteIds);
            return staff.stream().filter(w -> w.active() && at.contains(w.siteId())).map(Works::departmentId).distinct()
                    .toList();
        }

        @Override
        public Optional<Home> home(long staffId) {
            questions++;
            return staff.stream().filter(w -> w.staffId() == staffId).findFirst()
                    .map(w -> new Home(w.siteId(), w.departmentId()));
        }
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
