package vn.onduty.server.calendar;

import java.time.LocalDate;

/**
 * Solar ↔ lunar conversion for the Vietnamese calendar, computed from astronomy rather than looked up:
 * new moons and the sun's longitude by the approximations of Jean Meeus ("Astronomical Algorithms"),
 * arranged into months and years the way Hồ Ngọc Đức's widely used "Âm lịch Việt Nam" does.
 *
 * <p>The rules: a lunar month begins on the local day of a new moon; month 11 is the month that
 * contains the winter solstice; a year with 13 months between two months 11 repeats (as a leap month)
 * the first month that contains no major solar term. Everything depends on the meridian used to
 * decide which day a new moon falls on: Vietnam has used UTC+7 since 1968, China UTC+8, which is
 * why the two calendars sometimes disagree (Tết 1985 was 21 Jan in Vietnam and 20 Feb in China;
 * in 2007 it was 17 Feb against 18 Feb).
 *
 * <p>The approximations hold for the years {@link #MIN_YEAR}..{@link #MAX_YEAR}; outside them the
 * calendar refuses rather than answer wrongly. Instances are immutable and thread-safe.
 */
public final class LunarCalendar {

    public static final int MIN_YEAR = 1900;
    public static final int MAX_YEAR = 2199;

    /** The Vietnamese calendar, at UTC+7. */
    public static final LunarCalendar VIETNAM = new LunarCalendar(7);

    /** Julian day number of 1970-01-01, to move between {@link LocalDate#toEpochDay()} and Julian days. */
    private static final long JDN_EPOCH = 2440588;
    private static final double SYNODIC_MONTH = 29.530588853;

    private final double utcOffsetHours;

    private LunarCalendar(double utcOffsetHours) {
        this.utcOffsetHours = utcOffsetHours;
    }

    /** The same rules at another meridian, e.g. 8 for the Chinese calendar (to compare with it). */
    public static LunarCalendar atUtcOffsetHours(double hours) {
        if (hours < -12 || hours > 14) {
            throw new IllegalArgumentException("UTC offset must be -12..14 hours, got " + hours);
        }
        return new LunarCalendar(hours);
    }

    public double utcOffsetHours() {
        return utcOffsetHours;
    }

    /** The lunar date of a solar (Gregorian) date. */
    public LunarDate toLunar(LocalDate date) {
        checkYear(date.getYear(), "date");
        return lunarOf(date);
    }

    private LunarDate lunarOf(LocalDate date) {
        long dayNumber = jdn(date);
        // The mean month only estimates which new moon starts the month; the true one can be a day either side.
        long k = (long) Math.floor((dayNumber - 2415021.076998695) / SYNODIC_MONTH);
        while (newMoonDay(k + 1) <= dayNumber) {
            k++;
        }
        while (newMoonDay(k) > dayNumber) {
            k--;
        }
        long monthStart = newMoonDay(k);
        long a11 = lunarMonth11(date.getYear());
        long b11 = a11;
        int lunarYear;
        if (a11 >= monthStart) {
            lunarYear = date.getYear();
            a11 = lunarMonth11(date.getYear() - 1);
        } else {
            lunarYear = date.getYear() + 1;
            b11 = lunarMonth11(date.getYear() + 1);
        }
        int day = (int) (dayNumber - monthStart + 1);
        int diff = (int) Math.floor((monthStart - a11) / 29.0);
        boolean leap = false;
        int month = diff + 11;
        if (b11 - a11 > 365) {
            int leapOffset = leapMonthOffset(a11);
            if (diff >= leapOffset) {
                month = diff + 10;
                leap = diff == leapOffset;
            }
        }
        if (month > 12) {
            month -= 12;
        }
        if (month >= 11 && diff < 4) {
            lunarYear -= 1;
        }
        return new LunarDate(lunarYear, month, day, leap);
    }

    /**
     * The solar date of a lunar date.
     *
     * @throws IllegalArgumentException when that lunar date does not exist: a leap month the year does
     *     not have, or day 30 of a 29-day month
     */
    public LocalDate toSolar(LunarDate lunar) {
        // Lunar year 1899 still ends inside January 1900; its earlier days are refused below.
        if (lunar.year() < MIN_YEAR - 1 || lunar.year() > MAX_YEAR) {
            checkYear(lunar.year(), "lunar year");
        }
        long a11;
        long b11;
        if (lunar.month() < 11) {
            a11 = lunarMonth11(lunar.year() - 1);
            b11 = lunarMonth11(lunar.year());
        } else {
            a11 = lunarMonth11(lunar.year());
            b11 = lunarMonth11(lunar.year() + 1);
        }
        long k = (long) Math.floor(0.5 + (a11 - 2415021.076998695) / SYNODIC_MONTH);
        int offset = lunar.month() - 11;
        if (offset < 0) {
            offset += 12;
        }
        if (b11 - a11 > 365) {
            int leapOffset = leapMonthOffset(a11);
            int leapMonth = leapOffset - 2;
            if (leapMonth < 0) {
                leapMonth += 12;
            }
            if (lunar.leapMonth() && lunar.month() != leapMonth) {
                throw new IllegalArgumentException("lunar year " + lunar.year() + " has no leap month " + lunar.month());
            } else if (lunar.leapMonth() || offset >= leapOffset) {
                offset += 1;
            }
        } else if (lunar.leapMonth()) {
            throw new IllegalArgumentException("lunar year " + lunar.year() + " has no leap month " + lunar.month());
        }
        long monthStart = newMoonDay(k + offset);
        LocalDate solar = LocalDate.ofEpochDay(monthStart + lunar.day() - 1 - JDN_EPOCH);
        checkYear(solar.getYear(), "date");
        if (!lunarOf(solar).equals(lunar)) {
            throw new IllegalArgumentException("lunar month " + lunar.month() + (lunar.leapMonth() ? " (leap)" : "")
                    + " of " + lunar.year() + " has no day " + lunar.day());
        }
        return solar;
    }

    /** Tết Nguyên đán: the first day of the first month of a lunar year. */
    public LocalDate newYear(int lunarYear) {
        return toSolar(LunarDate.of(lunarYear, 1, 1));
    }

    /** Which month of a lunar year is repeated as a leap month, or 0 when the year has twelve months. */
    public int leapMonth(int lunarYear) {
        checkYear(lunarYear, "lunar year");
        // Months 1..10 of a year lie after the month 11 of the year before; months 11 and 12 after its own.
        int early = leapMonthAfter(lunarMonth11(lunarYear - 1), lunarMonth11(lunarYear));
        if (early >= 1 && early <= 10) {
            return early;
        }
        int late = leapMonthAfter(lunarMonth11(lunarYear), lunarMonth11(lunarYear + 1));
        return late == 11 || late == 12 ? late : 0;
    }

    private int leapMonthAfter(long a11, long b11) {
        if (b11 - a11 <= 365) {
            return 0;
        }
        int month = leapMonthOffset(a11) - 2;
        return month < 0 ? month + 12 : month;
    }

    private static void checkYear(int year, String what) {
        if (year < MIN_YEAR || year > MAX_YEAR) {
            throw new IllegalArgumentException(what + " must be within " + MIN_YEAR + ".." + MAX_YEAR
                    + " for the lunar calendar, got " + year);
        }
    }

    private static long jdn(LocalDate date) {
        return date.toEpochDay() + JDN_EPOCH;
    }

    /** The local day (as a Julian day number) of the k-th new moon after 1900-01-01. */
    private long newMoonDay(long k) {
        return (long) Math.floor(newMoon(k) + 0.5 + utcOffsetHours / 24);
    }

    /** Which of the twelve 30° sectors the sun is in at the start of a local day: 0 = from the spring equinox. */
    private int sunSector(long dayNumber) {
        return (int) Math.floor(sunLongitude(dayNumber - 0.5 - utcOffsetHours / 24) / Math.PI * 6);
    }

    /** The first day of lunar month 11 (the month with the winter solstice) before the end of a solar year. */
    private long lunarMonth11(int year) {
        long off = LocalDate.of(year, 12, 31).toEpochDay() + JDN_EPOCH - 2415021;
        long k = (long) Math.floor(off / SYNODIC_MONTH);
        long nm = newMoonDay(k);
        if (sunSector(nm) >= 9) {
            nm = newMoonDay(k - 1);
        }
        return nm;
    }

    /** Months after month 11 until the first one with no major solar term: that one is the leap month. */
    private int leapMonthOffset(long a11) {
        long k = (long) Math.floor((a11 - 2415021.076998695) / SYNODIC_MONTH + 0.5);
        int i = 1;
        int arc = sunSector(newMoonDay(k + i));
        int last;
        do {
            last = arc;
            i++;
            arc = sunSector(newMoonDay(k + i));
        } while (arc != last && i < 14);
        return i - 1;
    }

    /** Julian day (UT) of the k-th new moon after 1900-01-01 (Meeus, ch. 49, shortened). */
    static double newMoon(long k) {
        double t = k / 1236.85;
        double t2 = t * t;
        double t3 = t2 * t;
        double dr = Math.PI / 180;
        double jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
        jd1 += 0.00033 * Math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
        double m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
        double mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
        double f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
        double c1 = (0.1734 - 0.000393 * t) * Math.sin(m * dr) + 0.0021 * Math.sin(2 * dr * m);
        c1 = c1 - 0.4068 * Math.sin(mpr * dr) + 0.0161 * Math.sin(dr * 2 * mpr);
        c1 = c1 - 0.0004 * Math.sin(dr * 3 * mpr);
        c1 = c1 + 0.0104 * Math.sin(dr * 2 * f) - 0.0051 * Math.sin(dr * (m + mpr));
        c1 = c1 - 0.0074 * Math.sin(dr * (m - mpr)) + 0.0004 * Math.sin(dr * (2 * f + m));
        c1 = c1 - 0.0004 * Math.sin(dr * (2 * f - m)) - 0.0006 * Math.sin(dr * (2 * f + mpr));
        c1 = c1 + 0.0010 * Math.sin(dr * (2 * f - mpr)) + 0.0005 * Math.sin(dr * (2 * mpr + m));
        double deltaT = t < -11
                ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
                : -0.000278 + 0.000265 * t + 0.000262 * t2;
        return jd1 + c1 - deltaT;
    }

    /** The sun's apparent longitude in radians, 0..2π, at a Julian day (Meeus, ch. 25, low accuracy). */
    static double sunLongitude(double jd) {
        double t = (jd - 2451545.0) / 36525;
        double t2 = t * t;
        double dr = Math.PI / 180;
        double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
        double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
        double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * Math.sin(dr * m);
        dl = dl + (0.019993 - 0.000101 * t) * Math.sin(dr * 2 * m) + 0.000290 * Math.sin(dr * 3 * m);
        double l = (l0 + dl) * dr;
        return l - Math.PI * 2 * Math.floor(l / (Math.PI * 2));
    }
}
