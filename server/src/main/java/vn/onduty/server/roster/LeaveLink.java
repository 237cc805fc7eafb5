package vn.onduty.server.roster;

/**
 * The approved leave a substitution covers: the request and its type's names, so that the roster and the
 * reports name the leave rather than repeat a reason text.
 */
public record LeaveLink(long requestId, String typeCode, String typeNameVi, String typeNameEn) {

    public String typeName(String lang) {
        return "en".equals(lang) ? typeNameEn : typeNameVi;
    }
}
