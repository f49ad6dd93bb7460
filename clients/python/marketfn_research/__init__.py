"""Point-in-time research reads of marketfn's store, and reads of its raw archive (docs/research.md)."""

from marketfn_research.archive import ArchiveReadError, raw_events
from marketfn_research.client import Research, alerts, bars, factors, indicators, signals

__all__ = ["ArchiveReadError", "Research", "alerts", "bars", "factors", "indicators", "raw_events", "signals"]
