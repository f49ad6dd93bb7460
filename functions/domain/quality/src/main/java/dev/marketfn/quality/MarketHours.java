package dev.marketfn.quality;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Set;

/**
 * US equity regular trading hours (09:30–16:00 America/New_York, weekdays, minus configured holidays). Gap and stale
 * checks use them so the overnight, weekend and holiday silence of an equity series is never reported as missing data.
 */
public final class MarketHours {
    public static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    public static final LocalTime OPEN = LocalTime.of(9, 30);
    public static final LocalTime CLOSE = LocalTime.of(16, 0);

    /** Asset classes that follow exchange sessions; anything else (crypto, null) is treated as trading 24/7. */
    private static final Set<String> SESSION_CLASSES = Set.of("equity", "us_equity", "stock", "etf");

    private MarketHours() {
    }

    public static boolean followsSessions(String assetClass) {
        return assetClass != null && SESSION_CLASSES.contains(assetClass.toLowerCase(Locale.ROOT));
    }

    public static boolean isTradingDay(LocalDate date, Set<LocalDate> holidays) {
        DayOfWeek d = date.getDayOfWeek();
        return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !holidays.contains(date);
    }

    /** Whether a bar starting (or a tick stamped) at {@code t} lies inside the regular session. */
    public static boolean inSession(Instant t, Set<LocalDate> holidays) {
        ZonedDateTime local = t.atZone(NEW_YORK);
        LocalTime time = local.toLocalTime();
        return isTradingDay(local.toLocalDate(), holidays) && !time.isBefore(OPEN) && time.isBefore(CLOSE);
    }

    /** Today's session open as an instant (meaningful only when {@link #inSession} holds for {@code t}). */
    public static Instant sessionOpen(Instant t) {
        return t.atZone(NEW_YORK).toLocalDate().atTime(OPEN).atZone(NEW_YORK).toInstant();
    }
}
