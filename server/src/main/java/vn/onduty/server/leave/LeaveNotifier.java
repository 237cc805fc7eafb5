package vn.onduty.server.leave;

import java.util.List;
import vn.onduty.server.mail.Mailer;

/**
 * The mails leave sends, in Vietnamese with English below: a request waiting for an approver's step, and a
 * decision to the officer. Sent after the change commits; a mail that cannot be sent is logged by the mailer.
 */
public class LeaveNotifier {

    private final Mailer mailer;
    private final String baseUrl;

    public LeaveNotifier(Mailer mailer, String baseUrl) {
        this.mailer = mailer;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    public void toApprovers(LeaveRequest r, LeaveRequest.Step step, List<LeaveDao.Recipient> approvers) {
        if (!mailer.enabled()) {
            return;
        }
        boolean cancellation = r.status() == LeaveRequest.Status.CANCEL_REQUESTED;
        String subject = (cancellation ? "[OnDuty] Xin hủy nghỉ / Leave cancellation to decide: "
                : "[OnDuty] Đơn nghỉ cần duyệt / Leave request to approve: ") + r.staffName() + ", " + range(r);
        String body = (cancellation ? "Cán bộ xin hủy kỳ nghỉ đã được duyệt:" : "Đơn nghỉ đang chờ anh/chị duyệt (bước "
                + step.position() + "/" + r.steps().size() + "):") + "\n"
                + "  " + r.staffName() + " (" + r.staffCode() + ")\n"
                + "  " + r.leaveTypeNameVi() + ": " + range(r) + ", " + r.days().toPlainString() + " ngày làm việc\n"
                + (r.reason() == null ? "" : "  Lý do: " + r.reason() + "\n")
                + "\nXem và quyết định / Open and decide: " + baseUrl + "/leave/requests/" + r.id() + "\n"
                + "\n" + (cancellation ? "An officer asks to cancel approved leave." : "A leave request waits for your approval (step "
                + step.position() + " of " + r.steps().size() + "):") + " " + r.staffName() + ", " + r.leaveTypeNameEn()
                + ", " + range(r) + ", " + r.days().toPlainString() + " working day(s).\n";
        for (LeaveDao.Recipient to : approvers) {
            mailer.send(to.email(), subject, body);
        }
    }

    public void toRequester(LeaveRequest r, LeaveDao.Recipient to) {
        if (!mailer.enabled()) {
            return;
        }
        String vi = switch (r.status()) {
            case APPROVED -> "đã được duyệt";
            case REJECTED -> "không được duyệt";
            case CANCELLED -> "đã được hủy";
            default -> "đang chờ duyệt";
        };
        String en = switch (r.status()) {
            case APPROVED -> "approved";
            case REJECTED -> "rejected";
            case CANCELLED -> "cancelled";
            default -> "pending";
        };
        String comment = r.decisions().isEmpty() ? null : r.decisions().get(r.decisions().size() - 1).comment();
        String subject = "[OnDuty] Đơn nghỉ " + vi + " / Leave " + en + ": " + range(r);
        String body = "Đơn nghỉ " + r.leaveTypeNameVi() + " " + range(r) + " (" + r.days().toPlainString() + " ngày) " + vi + ".\n"
                + (comment == null ? "" : "Ý kiến / Comment: " + comment + "\n")
                + "\nYour " + r.leaveTypeNameEn() + " " + range(r) + " was " + en + ".\n"
                + baseUrl + "/leave/requests/" + r.id() + "\n";
        mailer.send(to.email(), subject, body);
    }

    private static String range(LeaveRequest r) {
        return r.startDate() + (r.startPart() == vn.onduty.server.calendar.SessionPart.AFTERNOON ? " (chiều)" : "")
                + " – " + r.endDate() + (r.endPart() == vn.onduty.server.calendar.SessionPart.MORNING ? " (sáng)" : "");
    }
}
