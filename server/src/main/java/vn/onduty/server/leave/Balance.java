package vn.onduty.server.leave;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * An officer's balance of one leave type in one year: entitled (allocation, carry-over still usable, adjustments),
 * taken (approved), pending (waiting for approval) and remaining. Carry-over days not used by their valid-until
 * date expire: days taken or pending in requests that start on or before that date use the carry-over first.
 */
public record Balance(long staffId, long leaveTypeId, String leaveTypeCode, int year, BigDecimal allocated,
                      BigDecimal carriedOver, LocalDate carryOverValidUntil, BigDecimal carryOverExpired,
                      BigDecimal adjustments, BigDecimal entitled, BigDecimal taken, BigDecimal pending,
                      BigDecimal remaining, String nameVi, String nameEn) {

    /** The same balance with the type's names, for pages. */
    public Balance named(LeaveType t) {
        return new Balance(staffId, leaveTypeId, leaveTypeCode, year, allocated, carriedOver, carryOverValidUntil,
                carryOverExpired, adjustments, entitled, taken, pending, remaining, t.nameVi(), t.nameEn());
    }

    public String name(String lang) {
        return "en".equals(lang) ? nameEn : nameVi;
    }

    /** A ledger entry as the calculation needs it. */
    public record Entry(String kind, BigDecimal days, LocalDate validUntil) {}

    /** A live request as the calculation needs it. */
    public record Use(LocalDate startDate, BigDecimal days, boolean approved) {}

    /** The balance as it stands on {@code asOf}: carry-over whose date has passed by then has expired. */
    public static Balance of(long staffId, long leaveTypeId, String code, int year, List<Entry> ledger, List<Use> uses,
                             LocalDate asOf) {
        BigDecimal allocated = BigDecimal.ZERO;
        BigDecimal carried = BigDecimal.ZERO;
        BigDecimal adjustments = BigDecimal.ZERO;
        LocalDate validUntil = null;
        for (Entry e : ledger) {
            switch (e.kind()) {
                case "ALLOCATION" -> allocated = allocated.add(e.days());
                case "CARRY_OVER" -> {
                    carried = carried.add(e.days());
                    validUntil = validUntil == null || e.validUntil().isAfter(validUntil) ? e.validUntil() : validUntil;
                }
                default -> adjustments = adjustments.add(e.days());
            }
        }
        BigDecimal taken = BigDecimal.ZERO;
        BigDecimal pending = BigDecimal.ZERO;
        BigDecimal usedInTime = BigDecimal.ZERO;
        for (Use u : uses) {
            if (u.approved()) {
                taken = taken.add(u.days());
            } else {
                pending = pending.add(u.days());
            }
            if (validUntil != null && !u.startDate().isAfter(validUntil)) {
                usedInTime = usedInTime.add(u.days());
            }
        }
        BigDecimal expired = BigDecimal.ZERO;
        if (validUntil != null && asOf.isAfter(validUntil)) {
            expired = carried.subtract(usedInTime).max(BigDecimal.ZERO);
        }
        BigDecimal entitled = allocated.add(carried).subtract(expired).add(adjustments);
        BigDecimal remaining = entitled.subtract(taken).subtract(pending);
        return new Balance(staffId, leaveTypeId, code, year, scale(allocated), scale(carried), validUntil, scale(expired),
                scale(adjustments), scale(entitled), scale(taken), scale(pending), scale(remaining), null, null);
    }

    private static BigDecimal scale(BigDecimal d) {
        return d.setScale(1, java.math.RoundingMode.HALF_UP);
    }
}
