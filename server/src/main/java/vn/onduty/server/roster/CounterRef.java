package vn.onduty.server.roster;

import vn.onduty.server.org.counter.Counter;

/** A counter as the roster shows it: number and name, and the department that serves at it (may be null). */
public record CounterRef(long id, int number, String name, Long departmentId) {

    public static CounterRef of(Counter c) {
        return new CounterRef(c.id(), c.number(), c.name(), c.departmentId());
    }

    /** "counter 5 (Quầy 5 – Sở Tư pháp)", as messages name a counter. */
    public String label() {
        return "counter " + number + " (" + name + ")";
    }
}
