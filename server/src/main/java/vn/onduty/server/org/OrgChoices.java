package vn.onduty.server.org;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotFoundException;
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
import vn.onduty.server.auth.AccessPolicy;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.department.Department;
import vn.onduty.server.org.department.DepartmentService;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteService;

/**
 * Sites and departments by name, as pages offer them in pickers and name them in lists: people read
 * "Sở Tư pháp", never "department 7". Which of them a caller may choose is {@link AccessPolicy#choices}'s rule;
 * this class only looks the ids up. A center has a handful of sites and a few dozen departments, so they are read
 * whole.
 */
public final class OrgChoices {

    private final SiteService sites;
    private final DepartmentService departments;
    private final AccessPolicy policy;

    public OrgChoices(SiteService sites, DepartmentService departments, AccessPolicy policy) {
        this.sites = sites;
        this.departments = departments;
        this.policy = policy;
    }

    /** Every site, active or not, by name: for admin list filters and for naming ids. */
    public List<Site> allSites() {
        return all(p -> sites.list(null, null, PageRequest.of(p, PageRequest.MAX_SIZE)));
    }

    public List<Department> allDepartments() {
        return all(p -> departments.list(null, null, PageRequest.of(p, PageRequest.MAX_SIZE)));
    }

    /** The sites and departments the caller may choose, by name. */
    public Choices choicesFor(Caller caller) {
        return choicesFor(caller, List.of(), List.of());
    }

    /**
     * What an admin form offers: the caller's choices, plus the ids in {@code keepSites} and {@code keepDepartments}
     * even if deactivated since: a record that points at a deactivated site must still show it, or saving the form
     * would silently move the record.
     */
    public Choices choicesFor(Caller caller, Collection<Long> keepSites, Collection<Long> keepDepartments) {
        AccessPolicy.Choices ids = policy.choices(caller);
        return new Choices(
                allSites().stream().filter(s -> ids.hasSite(s.id()) || keepSites.contains(s.id())).toList(),
                allDepartments().stream().filter(d -> ids.hasDepartment(d.id()) || keepDepartments.contains(d.id()))
                        .toList());
    }

    /**
     * A page's site picker: the sites the caller may choose and the one chosen, {@code siteId} or else the first.
     * A site the caller may not choose is refused (403); an admin may still open a deactivated one by its id.
     */
    public SitePick pickSite(Caller caller, Long siteId) {
        AccessPolicy.Choices ids = policy.choices(caller);
        List<Site> offered = allSites().stream().filter(s -> ids.hasSite(s.id())).toList();
        if (siteId == null) {
            return new SitePick(offered, offered.isEmpty() ? null : offered.get(0));
        }
        Site chosen = offered.stream().filter(s -> s.id() == siteId).findFirst().orElse(null);
        if (chosen == null) {
            if (!policy.mayChooseSite(caller, siteId)) {
                throw new ForbiddenException("Site " + siteId + " is not one of the sites you may choose");
            }
            chosen = sites.find(siteId).orElseThrow(() -> new NotFoundException("No site " + siteId));
        }
        return new SitePick(offered, chosen);
    }

    /**
     * The site picker of a page about a site as a whole (counter presence, service quality): only the sites the caller
     * leads among those they may choose; a site they do not lead is refused (403).
     */
    public SitePick pickLedSite(Caller caller, Long siteId) {
        SitePick all = pickSite(caller, siteId);
        List<Site> led = all.sites().stream().filter(s -> policy.leadsSite(caller, s.id())).toList();
        if (siteId != null) {
            if (!policy.leadsSite(caller, siteId)) {
                throw new ForbiddenException("Site " + siteId + " is shown as a whole only to its supervisors and admins");
            }
            return new SitePick(led, all.site());
        }
        return new SitePick(led, led.isEmpty() ? null : led.get(0));
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

    /** Sites and departments to offer, by name. */
    public record Choices(List<Site> sites, List<Department> departments) {}

    /**
     * The sites a page offers and the one chosen (null when there is none to choose). Templates read
     * {@code data.sites}, {@code data.site} and {@code data.siteId} (0 without a site), see {@link #into}.
     */
    public record SitePick(List<Site> sites, Site site) {

        public Long siteId() {
            return site == null ? null : site.id();
        }

        public Map<String, Object> into(Map<String, Object> data) {
            data.put("sites", sites);
            data.put("siteId", site == null ? 0L : site.id());
            if (site != null) {
                data.put("site", site);
            }
            return data;
        }
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
