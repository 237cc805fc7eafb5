package vn.onduty.server.quality;

import java.time.Instant;
import java.time.LocalDate;

/**
 * One ticket as a queue system reports it, before it is checked against the site: null means "not
 * reported" (an earlier report's value stays). {@code counterNumber} and {@code officerCode} are what
 * queue systems know: the number on the counter and the officer's staff code.
 */
public record TicketInput(String number, LocalDate serviceDate, String service, Integer counterNumber,
                          String officerCode, Instant issuedAt, Instant calledAt, Instant startedAt, Instant endedAt,
                          Outcome outcome, Integer rating, RatingScale ratingScale) {

    /** How a ticket ended. */
    public enum Outcome { SERVED, NO_SHOW, TRANSFERRED }

    /** The rating devices in use: 1–5 stars, or three faces (1 unsatisfied, 2 neutral, 3 satisfied). */
    public enum RatingScale {
        STARS5(5), LEVELS3(3);

        private final int max;

        RatingScale(int max) {
            this.max = max;
        }

        public int max() {
            return max;
        }

        /** The rating on one scale, 0..100, as the database derives it: satisfied from 75. */
        public int score(int rating) {
            return (rating - 1) * 100 / (max - 1);
        }
    }

    /** This report laid over an earlier one of the same ticket: what this one leaves out, the earlier one says. */
    public TicketInput over(TicketInput earlier) {
        if (earlier == null) {
            return this;
        }
        return new TicketInput(number, serviceDate != null ? serviceDate : earlier.serviceDate,
                service != null ? service : earlier.service,
                counterNumber != null ? counterNumber : earlier.counterNumber,
                officerCode != null ? officerCode : earlier.officerCode,
                issuedAt != null ? issuedAt : earlier.issuedAt, calledAt != null ? calledAt : earlier.calledAt,
                startedAt != null ? startedAt : earlier.startedAt, endedAt != null ? endedAt : earlier.endedAt,
                outcome != null ? outcome : earlier.outcome, rating != null ? rating : earlier.rating,
                rating != null ? ratingScale : earlier.ratingScale);
    }
}
