package dev.marketfn.quality;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The bars missing between two consecutive bars of a series. Equity series only expect bars inside the regular
 * session (intraday) or on trading days (daily), so nights, weekends and holidays are never gaps.
 */
final class BarGaps {
    /** Alerts list at most this many missing starts; the count is always exact. */
    static final int MAX_LISTED = 100;

    record Missing(long count, List<Instant> first) {
        boolean any() {
            return count > 0;
        }
    }

    private BarGaps() {
    }

    static Duration duration(String interval) {
        return switch (interval) {
            case "1s" -> Duration.ofSeconds(1);
            case "1m" -> Duration.ofMinutes(1);
            case "5m" -> Duration.ofMinutes(5);
            case "1h" -> Duration.ofHours(1);
            case "1d" -> Duration.ofDays(1);
            default -> throw new IllegalArgumentException("unknown interval " + interval);
        };
    }

    static Missing between(Instant last, Instant next, String interval, String assetClass, Set<LocalDate> holidays) {
        boolean sessions = MarketHours.followsSessions(assetClass);
        return "1d".equals(interval)
                ? betweenDays(last, next, sessions ? MarketHours.NEW_YORK : ZoneOffset.UTC, sessions, holidays)
                : betweenIntraday(last, next, duration(interval), sessions, holidays);
    }

    /** Daily bars start at 00:00 of their trading date in the exchange zone, so days are stepped as local dates. */
    private static Missing betweenDays(Instant last, Instant next, ZoneId zone, boolean sessions,
            Set<LocalDate> holidays) {
        List<Instant> listed = new ArrayList<>();
        long count = 0;
        LocalDate end = next.atZone(zone).toLocalDate();
        for (LocalDate d = last.atZone(zone).toLocalDate().plusDays(1); d.isBefore(end); d = d.plusDays(1)) {
            if (!sessions || MarketHours.isTradingDay(d, holidays)) {
                count++;
                if (listed.size() < MAX_LISTED) {
                    listed.add(d.atStartOfDay(zone).toInstant());
                }
            }
        }
        return new Missing(count, List.copyOf(listed));
    }

    /**
     * Expected starts are {@code last + k·step}. They are counted per window (the whole gap, or each trading day's
     * session) arithmetically, so a long outage of a 1-second series costs one step per day, not one per bar.
     */
    private static Missing betweenIntraday(Instant last, Instant next, Duration step, boolean sessions,
            Set<LocalDate> holidays) {
        List<Instant[]> windows = new ArrayList<>();
        Instant from = last.plus(step);
        if (!sessions) {
            windows.add(new Instant[] {from, next});
        } else {
            LocalDate lastDay = next.atZone(MarketHours.NEW_YORK).toLocalDate();
            for (LocalDate d = last.atZone(MarketHours.NEW_YORK).toLocalDate(); !d.isAfter(lastDay); d = d.plusDays(1)) {
                if (MarketHours.isTradingDay(d, holidays)) {
                    Instant open = d.atTime(MarketHours.OPEN).atZone(MarketHours.NEW_YORK).toInstant();
                    Instant close = d.atTime(MarketHours.CLOSE).atZone(MarketHours.NEW_YORK).toInstant();
                    windows.add(new Instant[] {max(open, from), min(close, next)});
                }
            }
        }
        long stepNanos = step.toNanos();
        long count = 0;
        List<Instant> listed = new ArrayList<>();
        for (Instant[] w : windows) {
            if (!w[0].isBefore(w[1])) {
                continue;
            }
            long kFrom = ceilDiv(Duration.between(last, w[0]).toNanos(), stepNanos);
            long kTo = ceilDiv(Duration.between(last, w[1]).toNanos(), stepNanos); // exclusive
            count += Math.max(0, kTo - kFrom);
            for (long k = kFrom; k < kTo && listed.size() < MAX_LISTED; k++) {
                listed.add(last.plusNanos(k * stepNanos));
            }
        }
        return new Missing(count, List.copyOf(listed));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
