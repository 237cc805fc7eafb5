package vn.onduty.server.roster;

/** An officer as the roster names them: id, staff code and full name. */
public record Officer(long id, String code, String name) {

    /** "CB0012 Nguyễn Thị Lan", as messages name an officer. */
    public String label() {
        return code + " " + name;
    }
}
