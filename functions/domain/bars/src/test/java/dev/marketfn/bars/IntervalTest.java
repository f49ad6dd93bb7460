package dev.marketfn.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.marketfn.contracts.ExchangeZones;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IntervalTest {
    static final Instant T = Instant.parse("2024-07-15T14:37:42.123456Z");

    @Test
    void intradayWindowsAreEpochAligned() {
        assertThat(Interval.S1.windowStart(T, ExchangeZones.NEW_YORK)).isEqualTo("2024-07-15T14:37:42Z");
        assertThat(Interval.M1.windowStart(T, ExchangeZones.NEW_YORK)).isEqualTo("2024-07-15T14:37:00Z");
        assertThat(Interval.M5.windowStart(T, ExchangeZones.NEW_YORK)).isEqualTo("2024-07-15T14:35:00Z");
        assertThat(Interval.H1.windowStart(T, ExchangeZones.NEW_YORK)).isEqualTo("2024-07-15T14:00:00Z");
        assertThat(Interval.M5.windowEnd(Instant.parse("2024-07-15T14:35:00Z"))).isEqualTo("2024-07-15T14:40:00Z");
        assertThat(Interval.S1.windowStart(Instant.parse("1969-12-31T23:59:59.5Z"), ExchangeZones.UTC))
                .isEqualTo("1969-12-31T23:59:59Z");
    }

    @Test
    void dailyWindowIsTheTradingDateInTheExchangeZone() {
        // 01:00 UTC on the 16th is still the 15th in New York (EDT, UTC-4).
        Instant lateEvening = Instant.parse("2024-07-16T01:00:00Z");
        assertThat(Interval.D1.windowStart(lateEvening, ExchangeZones.NEW_YORK)).isEqualTo("2024-07-15T04:00:00Z");
        assertThat(Interval.D1.windowStart(lateEvening, ExchangeZones.UTC)).isEqualTo("2024-07-16T00:00:00Z");
        assertThat(Interval.D1.windowStart(T, ExchangeZones.NEW_YORK)).isEqualTo("2024-07-15T04:00:00Z");
        // winter: EST, UTC-5
        assertThat(Interval.D1.windowStart(Instant.parse("2024-01-10T15:00:00Z"), ExchangeZones.NEW_YORK))
                .isEqualTo("2024-01-10T05:00:00Z");
    }

    @Test
    void dailyWindowsAcrossDstChangesAre23And25HoursLong() {
        Instant springStart = Interval.D1.windowStart(Instant.parse("2024-03-10T12:00:00Z"), ExchangeZones.NEW_YORK);
        assertThat(springStart).isEqualTo("2024-03-10T05:00:00Z");
        Instant springEnd = Interval.D1.windowEnd(springStart, ExchangeZones.NEW_YORK);
        assertThat(springEnd).isEqualTo("2024-03-11T04:00:00Z");
        assertThat(Duration.between(springStart, springEnd)).isEqualTo(Duration.ofHours(23));

        Instant fallStart = Interval.D1.windowStart(Instant.parse("2024-11-03T12:00:00Z"), ExchangeZones.NEW_YORK);
        Instant fallEnd = Interval.D1.windowEnd(fallStart, ExchangeZones.NEW_YORK);
        assertThat(fallStart).isEqualTo("2024-11-03T04:00:00Z");
        assertThat(Duration.between(fallStart, fallEnd)).isEqualTo(Duration.ofHours(25));
        // the instant just before the end still belongs to the same trading date
        assertThat(Interval.D1.windowStart(fallEnd.minusNanos(1000), ExchangeZones.NEW_YORK)).isEqualTo(fallStart);
        assertThat(Interval.D1.windowStart(fallEnd, ExchangeZones.NEW_YORK)).isEqualTo(fallEnd);
        assertThatThrownBy(() -> Interval.D1.windowEnd(fallStart)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void wireNames() {
        assertThat(Interval.fromWire("5m")).isEqualTo(Interval.M5);
        assertThat(Interval.D1.wire()).isEqualTo("1d");
        assertThatThrownBy(() -> Interval.fromWire("2m")).isInstanceOf(IllegalArgumentException.class);
    }
}
