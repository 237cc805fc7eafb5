package vn.onduty.server.roster;

/** What a day change does to one session of one counter. */
public enum ChangeKind {
    /** Another officer staffs it. */
    ASSIGN,
    /** Nobody does: the counter is closed or left unstaffed. */
    CLOSED,
    /** An officer stands in for the one rostered (leave, training, official business), with a reason. */
    SUBSTITUTION
}
