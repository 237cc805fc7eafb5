package vn.onduty.server.roster;

/** Where an effective assignment comes from. */
public enum Source {
    /** The weekly template in force that date. */
    TEMPLATE,
    /** A day change: another officer, or the counter closed. */
    CHANGE,
    /** A day change in which one officer stands in for another. */
    SUBSTITUTION
}
