package vn.onduty.server.quality;

/**
 * The service KPIs of one group of tickets (a site, a counter, an officer, a service, a day or a week).
 *
 * <ul>
 * <li>issued: tickets issued; served: tickets whose outcome is SERVED; noShowPercent: NO_SHOW among
 *     tickets with an outcome.
 * <li>wait: from issue to call (or to the start of service without a call time), over tickets called;
 *     overTargetPercent: of those, the ones waiting longer than the site's target.
 * <li>avgServiceMinutes: from start of service (or call) to end, over served tickets.
 * <li>satisfactionPercent: of rated tickets, those rated satisfied: 4 or 5 stars, or the top of three levels.
 * </ul>
 * Averages and percents are null when there is nothing to average.
 */
public record Kpis(String key, String label, long issued, long served, Double noShowPercent, Double avgWaitMinutes,
                   Double maxWaitMinutes, Double overTargetPercent, Double avgServiceMinutes, long rated,
                   Double satisfactionPercent) {

    /** How tickets are grouped; {@code sql} is the grouping expression, fixed here. */
    public enum By {
        SITE("'site'"), COUNTER("cast(counter_id as text)"), OFFICER("cast(staff_id as text)"), SERVICE("service"),
        DAY("cast(service_date as text)"), WEEK("cast(cast(date_trunc('week', service_date) as date) as text)");

        private final String sql;

        By(String sql) {
            this.sql = sql;
        }

        String sql() {
            return sql;
        }
    }

    static Kpis of(QualityDao.KpiRow r, String label) {
        return new Kpis(r.key(), label, r.issued(), r.served(), percent(r.noShow(), r.finished()),
                r.waited() == 0 ? null : minutes(r.waitSum() / r.waited()),
                r.maxWait() == null ? null : minutes(r.maxWait()), percent(r.overTarget(), r.waited()),
                r.timed() == 0 ? null : minutes(r.serviceSum() / r.timed()), r.rated(), percent(r.satisfied(), r.rated()));
    }

    static Double percent(long part, long whole) {
        return whole == 0 ? null : Math.round(part * 1000.0 / whole) / 10.0;
    }

    static double minutes(double seconds) {
        return Math.round(seconds / 6.0) / 10.0;
    }
}
