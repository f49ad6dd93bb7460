"""Runs against the database the Java test ResearchClientTest (functions/store) prepared: it loads the rows through the
store's write path and passes the DSN and the fixture's times in the environment."""

import os

import pandas as pd
import pytest

import marketfn_research as mr

FIRST_KNOWN = os.environ.get("MARKETFN_TEST_FIRST_KNOWN")


@pytest.fixture(scope="module")
def research() -> mr.Research:
    assert os.environ.get(mr.client.DSN_VARIABLE), "run through ResearchClientTest, which sets the DSN"
    return mr.Research()


def test_bars_now_see_the_revision(research: mr.Research) -> None:
    df = research.bars(["PYA"], "1m", mode="raw")
    assert list(df["ts"].dt.strftime("%H:%M")) == ["14:30", "14:31"]
    assert df.loc[0, "high"] == 103
    assert df.loc[0, "revision"] == 2


def test_bars_as_of_the_first_publication(research: mr.Research) -> None:
    df = mr.bars("PYA", "1m", as_of=FIRST_KNOWN, mode="raw")
    assert df.loc[0, "high"] == 101
    assert df.loc[0, "revision"] == 1
    assert len(mr.bars("PYA", "1m", as_of=pd.Timestamp(FIRST_KNOWN) - pd.Timedelta(milliseconds=1))) == 0


def test_bars_range_and_mode(research: mr.Research) -> None:
    df = research.bars("PYA", "1m", start="2024-03-04T14:31:00Z", end="2024-03-04T14:32:00Z")
    assert len(df) == 1 and df.loc[0, "close"] == 101
    with pytest.raises(ValueError):
        research.bars("PYA", "1m", mode="adjusted")


def test_indicators_are_columns(research: mr.Research) -> None:
    df = research.indicators(["PYA"], "1m")
    assert df.loc[0, "rsi_14"] == 41.5
    assert pd.isna(df.loc[0, "sma_20"])


def test_factors(research: mr.Research) -> None:
    df = research.factors("PYA", "1m", horizons=["bars_1"], mode="raw")
    last = df.iloc[-1]
    assert last["horizon"] == "bars_1"
    assert last["momentum"] == pytest.approx(0.5)


def test_signals_and_alerts(research: mr.Research) -> None:
    s = research.signals(["PYA"], "1m")
    assert list(s["action"]) == ["BUY"]
    a = research.alerts(["PYA"])
    assert list(a["alert_type"]) == ["outlier"]
    assert len(research.signals(["PYA"], "1m", as_of="2000-01-01T00:00:00Z")) == 0
