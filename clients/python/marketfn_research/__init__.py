"""Point-in-time research reads of marketfn's store (docs/research.md)."""

from marketfn_research.client import Research, alerts, bars, factors, indicators, signals

__all__ = ["Research", "alerts", "bars", "factors", "indicators", "signals"]
