package vn.onduty.agent.fingerprint;

/** Live steps of an enrollment, named as docs/agent-protocol.md sends them to the admin's page. */
public enum EnrollmentStep {
    STARTED("started"),
    PLACE_FINGER("place_finger"),
    REMOVE_FINGER("remove_finger"),
    PLACE_AGAIN("place_again"),
    STORING("storing"),
    RETRY("retry");

    private final String wireName;

    EnrollmentStep(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
