"""Reads through the store's SQL functions (bars_as_of, indicators_as_of, factors_as_of): the platform computes and
adjusts, this client only asks and shapes the rows into DataFrames."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

import pandas as pd
import psycopg

DSN_VARIABLE = "MARKETFN_RESEARCH_DSN"
MODES = ("raw", "split", "total_return")

_BAR_COLUMNS = ["provider", "symbol", "interval", "ts", "open", "high", "low", "close", "volume", "vwap",
                "trade_count", "price_factor", "volume_factor", "action_ids", "recorded_symbol", "revision",
                "known_at"]


def _symbols(symbols: str | Sequence[str]) -> list[str]:
    return [symbols] if isinstance(symbols, str) else list(symbols)


def _as_of(as_of: datetime | str | None) -> datetime:
    """None means now: what the platform knows at the moment of the read."""
    if as_of is None:
        return datetime.now(timezone.utc)
    return pd.Timestamp(as_of).to_pydatetime() if isinstance(as_of, str) else as_of


class Research:
    """A connection to the store. `dsn` defaults to the MARKETFN_RESEARCH_DSN environment variable."""

    def __init__(self, dsn: str | None = None) -> None:
        dsn = dsn or os.environ.get(DSN_VARIABLE)
        if not dsn:
            raise ValueError(f"no DSN: pass dsn= or set {DSN_VARIABLE}")
        self._dsn = dsn

    def _frame(self, sql: str, params: Sequence[Any], columns: list[str] | None = None) -> pd.DataFrame:
        with psycopg.connect(self._dsn) as conn, conn.cursor() as cur:
            cur.execute(sql, params)
            names = [d.name for d in cur.description] if cur.description else (columns or [])
            return pd.DataFrame(cur.fetchall(), columns=names)

    def bars(self, symbols: str | Sequence[str], interval: str, start: datetime | str | None = None,
             end: datetime | str | None = None, as_of: datetime | str | None = None,
             mode: str = "split") -> pd.DataFrame:
        """Bars with start <= ts < end as known at as_of, adjusted in mode (raw, split, total_return)."""
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, was {mode!r}")
        frames = [self._frame(
            "SELECT * FROM bars_as_of(%s, %s, %s, %s) WHERE (%s::timestamptz IS NULL OR ts >= %s)"
            " AND (%s::timestamptz IS NULL OR ts < %s) ORDER BY ts, provider",
            [s, interval, _as_of(as_of), mode, start, start, end, end], _BAR_COLUMNS) for s in _symbols(symbols)]
        return _concat(frames, _BAR_COLUMNS)

    def indicators(self, symbols: str | Sequence[str], interval: str, start: datetime | str | None = None,
                   end: datetime | str | None = None, as_of: datetime | str | None = None) -> pd.DataFrame:
        """Indicator values as known at as_of: one column per indicator name (NaN while warming up)."""
        rows = []
        for s in _symbols(symbols):
            frame = self._frame(
                'SELECT provider, symbol, "interval", ts, "values", revision, known_at'
                " FROM indicators_as_of(%s, %s, %s) WHERE (%s::timestamptz IS NULL OR ts >= %s)"
                " AND (%s::timestamptz IS NULL OR ts < %s) ORDER BY ts, provider",
                [s, interval, _as_of(as_of), start, start, end, end])
            rows.append(frame)
        base = _concat(rows, ["provider", "symbol", "interval", "ts", "values", "revision", "known_at"])
        values = pd.DataFrame(list(base.pop("values")), index=base.index, dtype="float64") if len(base) else None
        return base if values is None else pd.concat([base, values], axis=1)

    def factors(self, symbols: str | Sequence[str], interval: str, start: datetime | str | None = None,
                end: datetime | str | None = None, as_of: datetime | str | None = None, mode: str = "split",
                horizons: Sequence[str] | None = None) -> pd.DataFrame:
        """Returns, momentum and volatility per bar and horizon (research_horizons), computed by the platform."""
        frames = [self._frame("SELECT * FROM factors_as_of(%s, %s, %s, %s, %s, %s, %s)",
                              [s, interval, _as_of(as_of), mode, start, end,
                               None if horizons is None else list(horizons)]) for s in _symbols(symbols)]
        return _concat(frames, [])

    def signals(self, symbols: str | Sequence[str], interval: str, start: datetime | str | None = None,
                end: datetime | str | None = None, as_of: datetime | str | None = None) -> pd.DataFrame:
        """The calls alpha-call stored (a call is written once, so as_of only hides calls made later)."""
        return self._frame(
            'SELECT signal_id, provider, symbol, "interval", ts, action, confidence, score, rationale, model,'
            ' created_at FROM signals WHERE symbol = ANY(%s) AND "interval" = %s AND created_at <= %s'
            " AND (%s::timestamptz IS NULL OR ts >= %s) AND (%s::timestamptz IS NULL OR ts < %s)"
            " ORDER BY ts, symbol, provider",
            [_symbols(symbols), interval, _as_of(as_of), start, start, end, end])

    def alerts(self, symbols: str | Sequence[str], start: datetime | str | None = None,
               end: datetime | str | None = None, as_of: datetime | str | None = None) -> pd.DataFrame:
        """Quality alerts of the symbols raised by as_of."""
        return self._frame(
            'SELECT alert_id, alert_type, severity, provider, symbol, ts, event_id, detail, "values", created_at'
            " FROM quality_alerts WHERE symbol = ANY(%s) AND created_at <= %s"
            " AND (%s::timestamptz IS NULL OR ts >= %s) AND (%s::timestamptz IS NULL OR ts < %s)"
            " ORDER BY ts, alert_id",
            [_symbols(symbols), _as_of(as_of), start, start, end, end])


def _concat(frames: list[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def bars(symbols: str | Sequence[str], interval: str, start: datetime | str | None = None,
         end: datetime | str | None = None, as_of: datetime | str | None = None, mode: str = "split",
         dsn: str | None = None) -> pd.DataFrame:
    return Research(dsn).bars(symbols, interval, start, end, as_of, mode)


def indicators(symbols: str | Sequence[str], interval: str, start: datetime | str | None = None,
               end: datetime | str | None = None, as_of: datetime | str | None = None,
               dsn: str | None = None) -> pd.DataFrame:
    return Research(dsn).indicators(symbols, interval, start, end, as_of)


def factors(symbols: str | Sequence[str], interval: str, start: datetime | str | None = None,
            end: datetime | str | None = None, as_of: datetime | str | None = None, mode: str = "split",
            horizons: Sequence[str] | None = None, dsn: str | None = None) -> pd.DataFrame:
    return Research(dsn).factors(symbols, interval, start, end, as_of, mode, horizons)


def signals(symbols: str | Sequence[str], interval: str, start: datetime | str | None = None,
            end: datetime | str | None = None, as_of: datetime | str | None = None,
            dsn: str | None = None) -> pd.DataFrame:
    return Research(dsn).signals(symbols, interval, start, end, as_of)


def alerts(symbols: str | Sequence[str], start: datetime | str | None = None, end: datetime | str | None = None,
           as_of: datetime | str | None = None, dsn: str | None = None) -> pd.DataFrame:
    return Research(dsn).alerts(symbols, start, end, as_of)
