package vn.onduty.server.org;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;
import vn.onduty.server.api.Page;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.org.department.Department;
import vn.onduty.server.org.department.DepartmentService;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteService;

/**
 * Sites and departments as the pages offer them in pickers and name them in lists: people read
 * "Sở Tư pháp", never "department 7". A center has a handful of sites and a few dozen departments,
 * so they are read whole.
 */
public final class OrgChoices {

    private final SiteService sites;
    private final DepartmentService departments;

    public OrgChoices(SiteService sites, DepartmentService departments) {
        this.sites = sites;
        this.departments = departments;
    }

    /** Every site, active or not, by name: for list filters and for naming ids. */
    public List<Site> allSites() {
        return all(p -> sites.list(null, null, PageRequest.of(p, PageRequest.MAX_SIZE)));
    }

    public List<Department> allDepartments() {
        return all(p -> departments.list(null, null, PageRequest.of(p, PageRequest.MAX_SIZE)));
    }

    /**
     * The active sites, plus those in {@code keep} even if deactivated since: a record that points at
     * a deactivated site must still show it, or saving the form would silently move the record.
     */
    public List<Site> pickableSites(Collection<Long> keep) {
        return allSites().stream().filter(s -> s.active() || keep.contains(s.id())).toList();
    }

    public List<Department> pickableDepartments(Collection<Long> keep) {
        return allDepartments().stream().filter(d -> d.active() || keep.contains(d.id())).toList();
    }

    /** The ids a form must keep offering, whichever of them are set. */
    public static List<Long> keep(Long... ids) {
        return Arrays.stream(ids).filter(Objects::nonNull).toList();
    }

    /** Names for the ids shown in a list, in templates: {@code ${data.names.siteName(c.siteId())}}. */
    public Names names() {
        Map<Long, Site> siteById = new LinkedHashMap<>();
        allSites().forEach(s -> siteById.put(s.id(), s));
        Map<Long, Department> departmentById = new LinkedHashMap<>();
        allDepartments().forEach(d -> departmentById.put(d.id(), d));
        return new Names(siteById, departmentById);
    }

    /** Id to name lookups for one page; an unknown id shows as "#id" rather than breaking the page. */
    public record Names(Map<Long, Site> sites, Map<Long, Department> departments) {

        public String siteName(long id) {
            Site s = sites.get(id);
            return s == null ? "#" + id : s.name();
        }

        /** The zone a site's times are shown in. */
        public String siteZone(long id) {
            Site s = sites.get(id);
            return s == null ? null : s.timeZone();
        }

        public String departmentName(long id) {
            Department d = departments.get(id);
            return d == null ? "#" + id : d.name();
        }
    }

    private static <T> List<T> all(IntFunction<Page<T>> fetch) {
        List<T> out = new ArrayList<>();
        for (int p = 1; ; p++) {
            Page<T> page = fetch.apply(p);
            out.addAll(page.items());
            if (p >= page.pages()) {
                return out;
            }
        }
    }
}
