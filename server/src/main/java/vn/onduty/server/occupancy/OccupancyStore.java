package vn.onduty.server.occupancy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * Writes occupancy: stores new events and rebuilds the intervals of each zone they touch, inside the
 * caller's transaction (the ingest of one batch), so events and intervals commit together. A zone is
 * rebuilt from its last event before the earliest new one: everything after that point is derived
 * again from the events alone, which makes late and out-of-order batches end up exactly where
 * punctual ones would.
 */
public final class OccupancyStore {

    /** Stores {@code events} (all new: the caller has filtered out the ones already stored) and rederives. */
    public void record(Handle h, long agentId, List<OccupancyEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        OccupancyDao dao = h.attach(OccupancyDao.class);
        int n = events.size();
        String[] streams = new String[n];
        Long[] seqs = new Long[n];
        Long[] cameras = new Long[n];
        Long[] zones = new Long[n];
        Long[] counters = new Long[n];
        String[] states = new String[n];
        String[] reasons = new String[n];
        Double[] scores = new Double[n];
        String[] ats = new String[n];
        for (int i = 0; i < n; i++) {
            OccupancyEvent e = events.get(i);
            streams[i] = e.stream();
            seqs[i] = e.seq();
            cameras[i] = e.cameraId();
            zones[i] = e.zoneId();
            counters[i] = e.counterId();
            states[i] = e.state();
            reasons[i] = e.reason();
            scores[i] = e.score();
            ats[i] = e.at().toString();
        }
        dao.insertEvents(agentId, streams, seqs, cameras, zones, counters, states, reasons, scores, ats);
        Map<Long, Instant> earliest = events.stream().collect(Collectors.toMap(OccupancyEvent::zoneId,
                OccupancyEvent::at, (a, b) -> a.isBefore(b) ? a : b, TreeMap::new));
        for (OccupancyDao.ZoneRef zone : dao.lockZones(earliest.keySet().toArray(Long[]::new))) {
            rederive(dao, zone, earliest.get(zone.id()));
        }
    }

    /**
     * A camera was given to another agent at {@code at} (its move is stored): each live zone's timeline is derived
     * again from there, so what the old agent left open ends at the move as unknown ({@code camera_moved}).
     */
    public void cameraMoved(Handle h, long cameraId, Instant at) {
        OccupancyDao dao = h.attach(OccupancyDao.class);
        for (OccupancyDao.ZoneRef zone : dao.lockLiveZonesOfCamera(cameraId)) {
            rederive(dao, zone, at);
        }
    }

    private static void rederive(OccupancyDao dao, OccupancyDao.ZoneRef zone, Instant earliestNew) {
        Optional<Instant> anchor = dao.previousEventAt(zone.id(), earliestNew);
        // From the start of the interval the anchor lies in: an event that repeated the state merged into it.
        Instant from = anchor.map(a -> dao.eventIntervalStartAt(zone.id(), a).orElse(a)).orElse(earliestNew);
        dao.deleteIntervalsFrom(zone.id(), from);
        dao.endIntervalSpanning(zone.id(), from);
        List<OccupancyTimeline.Change> changes = dao.changesFrom(zone.id(), from).stream()
                .map(r -> new OccupancyTimeline.Change(r.agentId(), r.at(), r.state(), r.reason()))
                .toList();
        // The anchor's own crash split, if any, lies before it and is already stored.
        List<OccupancyTimeline.Span> spans = OccupancyTimeline.derive(changes, anchor.isPresent(), dao::lastHeartbeatBefore);
        int n = spans.size();
        String[] states = new String[n];
        String[] reasons = new String[n];
        String[] starts = new String[n];
        String[] ends = new String[n];
        for (int i = 0; i < n; i++) {
            OccupancyTimeline.Span s = spans.get(i);
            states[i] = s.state();
            reasons[i] = s.reason();
            starts[i] = s.start().toString();
            ends[i] = s.end() == null ? null : s.end().toString();
        }
        dao.insertIntervals(zone.id(), zone.counterId(), zone.cameraId(), states, reasons, starts, ends);
    }
}
