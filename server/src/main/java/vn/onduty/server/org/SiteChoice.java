package vn.onduty.server.org;

import jakarta.ws.rs.NotFoundException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import vn.onduty.server.api.PageRequest;
import vn.onduty.server.auth.Caller;
import vn.onduty.server.org.site.Site;
import vn.onduty.server.org.site.SiteService;
import vn.onduty.server.web.ListFilters;

/**
 * The site picker of the supervisors' site pages (presence, quality): the active sites the caller leads, and the
 * one picked (the first by default), checked with the page's own rule. Templates read {@code data.sites},
 * {@code data.site} and {@code data.siteId} (0 when the caller leads no site).
 */
public final class SiteChoice {

    private SiteChoice() {}

    public static Map<String, Object> of(SiteService sites, Caller caller, String siteId, LongConsumer requireLeads) {
        List<Site> choices = sites.list(null, true, PageRequest.of(1, PageRequest.MAX_SIZE)).items().stream()
                .filter(s -> caller.isAdmin() || caller.scopeSiteIds().contains(s.id()))
                .toList();
        Long picked = ListFilters.id(siteId);
        Map<String, Object> data = new HashMap<>();
        data.put("sites", choices);
        Site site = picked != null ? sites.find(picked).orElseThrow(NotFoundException::new)
                : choices.isEmpty() ? null : choices.get(0);
        if (site != null) {
            requireLeads.accept(site.id());
            data.put("site", site);
            data.put("siteId", site.id());
        } else {
            data.put("siteId", 0L);
        }
        return data;
    }
}
