package vn.onduty.agent.camera;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One zone's state from its scores, with hysteresis and dwell; pure and driven by the samples' own
 * timestamps, so tests (and files played faster than real time) need no clock.
 *
 * <p>A score at or above the threshold is <em>high</em>, one below {@code lowFraction × threshold} is
 * <em>low</em>, anything between is neutral and neither starts nor breaks anything. A run of high
 * samples that lasts {@code occupiedAfter} makes the zone occupied; a run of low samples that lasts
 * {@code emptyAfter} makes it empty. Contrary samples inside a run are merged into it as long as they
 * last less than {@code mergeGap}: an officer leaning out of the zone for one keyframe does not restart
 * the dwell. The confirmed state begins at the start of the run that confirmed it, never before the
 * previous state began.
 *
 * <p>A lost stream, a frame that changed almost everywhere or a missing calibration makes the zone
 * {@code unknown} at once and forgets any run; it is never read as empty.
 *
 * <p>A zone whose score stays high while nothing moves in it for {@code attentionAfter} is probably
 * being compared with a stale reference (a chair moved, a plant added): {@link #takeAttention()} says
 * so once per such spell.
 */
public final class OccupancyStateMachine {

    /**
     * @param occupiedAfter how long high scores must last to call the seat occupied (~15 s)
     * @param emptyAfter    how long low scores must last to call it empty (~90 s)
     * @param mergeGap      contrary samples shorter than this do not break a run (~6 s: two keyframes)
     * @param attentionAfter "different but motionless" for this long raises zone_attention (2 h)
     * @param lowFraction   below {@code lowFraction × threshold} a score is low (0.7)
     */
    public record Settings(Duration occupiedAfter, Duration emptyAfter, Duration mergeGap, Duration attentionAfter,
                           double lowFraction) {

        public Settings {
            if (occupiedAfter.isNegative() || emptyAfter.isNegative() || mergeGap.isNegative()) {
                throw new IllegalArgumentException("dwell times must not be negative");
            }
            if (!(lowFraction > 0 && lowFraction <= 1)) {
                throw new IllegalArgumentException("lowFraction must be in (0, 1], got " + lowFraction);
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofSeconds(15), Duration.ofSeconds(90), Duration.ofSeconds(6),
                    Duration.ofHours(2), 0.7);
        }
    }

    private final Settings settings;
    private ZoneState state;
    private String reason;
    private Instant since;
    private double lastScore;

    /** The state a run of samples is heading for; null when none is under way. */
    private ZoneState candidate;
    private Instant candidateStart;
    /** Start of the contrary samples inside the current run; null while the run is unbroken. */
    private Instant contraryStart;

    private Instant stillSince;
    private boolean attentionRaised;
    private boolean attentionDue;

    /** Starts in a known state, e.g. unknown/agent_start at the moment the agent began. */
    public OccupancyStateMachine(Settings settings, ZoneState state, String reason, Instant since) {
        this.settings = settings;
        this.state = state;
        this.reason = reason;
        this.since = since;
    }

    public ZoneState state() {
        return state;
    }

    public String reason() {
        return reason;
    }

    public Instant since() {
        return since;
    }

    public double lastScore() {
        return lastScore;
    }

    /** Whether no run is under way and the seat is confirmed empty: the only time the reference may learn. */
    public boolean settledEmpty() {
        return state == ZoneState.EMPTY && candidate == null;
    }

    /**
     * One scored sample.
     *
     * @param motionless whether nothing moved inside the zone since the previous sample
     * @return the transition this sample confirmed, if any
     */
    public Optional<Transition> observe(Instant at, double score, double threshold, boolean motionless) {
        lastScore = score;
        boolean high = score >= threshold;
        boolean low = score < threshold * settings.lowFraction();
        watchStillness(at, high && motionless);
        ZoneState wanted = high ? ZoneState.OCCUPIED : low ? ZoneState.EMPTY : null;

        if (candidate != null) {
            if (wanted == candidate) {
                contraryStart = null;
            } else if (wanted != null) {
                if (contraryStart == null) {
                    contraryStart = at;
                }
                if (!Duration.between(contraryStart, at).minus(settings.mergeGap()).isNegative()) {
                    // The contrary samples outlasted the gap: the run is over, and they may start their own.
                    Instant start = contraryStart;
                    candidate = null;
                    contraryStart = null;
                    if (wanted != state) {
                        candidate = wanted;
                        candidateStart = start;
                    }
                }
            }
        } else if (wanted != null && wanted != state) {
            candidate = wanted;
            candidateStart = at;
            contraryStart = null;
        }

        if (candidate != null && contraryStart == null
                && !Duration.between(candidateStart, at).minus(dwell(candidate)).isNegative()) {
            Instant start = candidateStart.isBefore(since) ? since : candidateStart;
            state = candidate;
            reason = null;
            since = start;
            candidate = null;
            return Optional.of(new Transition(state, start, score, null));
        }
        return Optional.empty();
    }

    /**
     * The zone cannot be judged from {@code at} on. @return the transition, unless the zone was already
     * unknown for the same reason
     */
    public Optional<Transition> unknown(Instant at, String why) {
        candidate = null;
        contraryStart = null;
        stillSince = null;
        if (state == ZoneState.UNKNOWN && why.equals(reason)) {
            return Optional.empty();
        }
        Instant start = at.isBefore(since) ? since : at;
        state = ZoneState.UNKNOWN;
        reason = why;
        since = start;
        return Optional.of(new Transition(ZoneState.UNKNOWN, start, lastScore, why));
    }

    /** True once per spell of "different but motionless" that has lasted {@code attentionAfter}. */
    public boolean takeAttention() {
        boolean due = attentionDue;
        attentionDue = false;
        return due;
    }

    private void watchStillness(Instant at, boolean differentButStill) {
        if (!differentButStill) {
            stillSince = null;
            attentionRaised = false;
            return;
        }
        if (stillSince == null) {
            stillSince = at;
        }
        if (!attentionRaised && !Duration.between(stillSince, at).minus(settings.attentionAfter()).isNegative()) {
            attentionRaised = true;
            attentionDue = true;
        }
    }

    private Duration dwell(ZoneState target) {
        return target == ZoneState.OCCUPIED ? settings.occupiedAfter() : settings.emptyAfter();
    }
}
