package vn.onduty.server.roster;

import java.util.List;
import vn.onduty.server.api.ConflictException;

/**
 * A roster change refused because it would put an officer on two counters in one session (HTTP 409). It keeps the
 * clashes themselves, so that pages can say them in the reader's language; the message says them in English.
 */
public class RosterClashException extends ConflictException {

    /** What was refused, which decides how the message begins and what it advises. */
    public enum Refused {
        /** A day change or substitution. */
        CHANGE("An officer cannot staff two counters in one session: ", ""),
        /** A weekly template, double-booking within itself. */
        TEMPLATE("An officer cannot staff two counters in one session: ", ""),
        /** A weekly template, against a day change already made at the site. */
        TEMPLATE_AGAINST_CHANGES("The template clashes with day changes already made: ",
                ". Revoke those changes or roster the officer elsewhere."),
        /** A weekly template, against another site's roster; the clashes are those of the first such date. */
        TEMPLATE_AGAINST_OTHER_SITES("The template puts an officer on a counter while another site's roster has them"
                + " on one of its own; the first such date: ", ". Change the other site's roster first, or start the"
                + " template later."),
        /** Withdrawing a day change, whose fallback would double-book. */
        REVOKE("Revoking the roster change would double-book: ", ". Change the other counter first.");

        private final String lead;
        private final String advice;

        Refused(String lead, String advice) {
            this.lead = lead;
            this.advice = advice;
        }
    }

    private final Refused refused;
    private final List<DoubleBooking> clashes;

    public RosterClashException(Refused refused, List<DoubleBooking> clashes) {
        super(refused.lead + String.join("; ", clashes.stream().map(DoubleBooking::describe).toList()) + refused.advice);
        this.refused = refused;
        this.clashes = List.copyOf(clashes);
    }

    public Refused refused() {
        return refused;
    }

    public List<DoubleBooking> clashes() {
        return clashes;
    }
}
