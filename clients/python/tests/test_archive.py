"""Runs against the archive directory the Java test ArchiveReadTest (infra/launcher) wrote with `marketfn archive
--once`: it passes the launcher jar, the archive and the rows it inserted into raw_events in the environment. Skipped
when no launcher jar is given (ResearchClientTest runs this directory without one)."""

import base64
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

import marketfn_research as mr

JAR = os.environ.get("MARKETFN_LAUNCHER_JAR")
pytestmark = pytest.mark.skipif(not JAR, reason="needs MARKETFN_LAUNCHER_JAR (ArchiveReadTest gives it)")


@pytest.fixture(scope="module")
def archive() -> str:
    return os.environ["MARKETFN_TEST_ARCHIVE"]


@pytest.fixture(scope="module")
def archived() -> list[dict]:
    return json.loads(Path(os.environ["MARKETFN_TEST_ARCHIVED"]).read_text())


def test_rows_are_what_was_archived(archive: str, archived: list[dict]) -> None:
    df = mr.raw_events(archive, "alpaca", "2026-01-05", "2026-01-06")
    assert str(df["event_time"].dtype) == "datetime64[ns, UTC]"
    assert str(df["received_at"].dtype) == "datetime64[ns, UTC]"
    assert len(df) == len(archived)
    for (_, row), want in zip(df.iterrows(), archived):
        assert row["event_id"] == want["event_id"]
        for column in ("provider", "type", "source", "subject", "content_type", "symbol"):
            assert row[column] == want[column], column
        assert list(row["symbols"]) == want["symbols"]
        assert row["date"].isoformat() == want["date"]
        assert row["event_time"] == pd.Timestamp(want["event_time"])
        assert row["received_at"] == pd.Timestamp(want["received_at"])
        if want["payload_encoding"] == "utf-8":
            assert row["text"] == want["payload"]
            assert row["payload"] == want["payload"].encode("utf-8")
        else:
            assert row["text"] is None
            assert row["payload"] == base64.b64decode(want["payload"])


def test_window_and_symbols(archive: str) -> None:
    df = mr.raw_events(archive, "alpaca", pd.Timestamp("2026-01-05T10:00:02", tz="America/New_York"),
                       "2026-01-05T16:00:00", symbols=["AAPL"])
    assert list(df["event_id"]) == ["r1"]
    empty = mr.raw_events(archive, "polygon")
    assert len(empty) == 0 and list(empty.columns) == mr.archive.RAW_EVENT_COLUMNS


def test_skipped_files_warn(archive: str, tmp_path: Path) -> None:
    copy = tmp_path / "archive"
    shutil.copytree(archive, copy)
    (copy / "provider=alpaca" / "date=2026-01-05" / "symbol=MSFT" / "notes.txt").write_text("not data")
    with pytest.warns(RuntimeWarning, match="notes.txt: foreign file"):
        df = mr.raw_events(copy, "alpaca")
    assert len(df) == 4


def test_failure_names_the_command_and_its_stderr(tmp_path: Path) -> None:
    with pytest.raises(mr.ArchiveReadError, match=r"archive-read .*exited 2: .*--from") as e:
        mr.raw_events(tmp_path, "alpaca", start="2026-01-06", end="2026-01-05")
    assert e.value.returncode == 2
    with pytest.raises(FileNotFoundError, match="no launcher jar"):
        mr.raw_events(tmp_path, "alpaca", launcher=tmp_path / "missing.jar")
