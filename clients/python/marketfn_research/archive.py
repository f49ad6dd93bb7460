"""Reads of the raw archive (docs/archive.md) through the launcher's `archive-read` command: the archive is Parquet
and no Parquet reader is part of this client's dependencies, so the platform's own Java reader (ArchiveReader, the
one replay uses) reads it, checks manifests and skips foreign or corrupt files, and this client shapes its JSON lines
into a DataFrame."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import warnings
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

JAR_VARIABLE = "MARKETFN_LAUNCHER_JAR"
#: the repository this package sits in (clients/python/marketfn_research); elsewhere (installed) no default jar
_REPO = Path(__file__).resolve().parent.parent.parent.parent
#: the shaded jar `./mvnw -pl infra/launcher -am package` builds
DEFAULT_JAR = _REPO / "infra" / "launcher" / "target" / "marketfn-launcher.jar"
#: the launcher's exit code when some files were skipped (named on stderr) and the others read
EXIT_PARTIAL = 3

RAW_EVENT_COLUMNS = ["event_id", "provider", "type", "source", "subject", "content_type", "date", "symbol",
                     "symbols", "event_time", "received_at", "payload", "text"]


class ArchiveReadError(RuntimeError):
    """`marketfn archive-read` failed: the command line, its exit code and its stderr."""

    def __init__(self, command: Sequence[str], returncode: int, stderr: str) -> None:
        super().__init__(f"{' '.join(command)} exited {returncode}: {stderr.strip()}")
        self.command = list(command)
        self.returncode = returncode
        self.stderr = stderr


def _time(value: datetime | str | None) -> str | None:
    """ISO-8601 in UTC for the command; a time without an offset is UTC, as the command reads it."""
    if value is None:
        return None
    t = pd.Timestamp(value)
    t = t.tz_localize("UTC") if t.tzinfo is None else t.tz_convert("UTC")
    return t.isoformat()


def _java() -> str:
    home = os.environ.get("JAVA_HOME")
    return str(Path(home) / "bin" / "java") if home else "java"


def command(archive: str | os.PathLike[str], provider: str, start: datetime | str | None = None,
            end: datetime | str | None = None, symbols: str | Sequence[str] | None = None,
            launcher: str | os.PathLike[str] | None = None) -> list[str]:
    """The `java -jar … archive-read …` command line raw_events runs."""
    jar = Path(launcher or os.environ.get(JAR_VARIABLE) or DEFAULT_JAR)
    if not jar.is_file():
        raise FileNotFoundError(f"no launcher jar at {jar}: pass launcher=, set {JAR_VARIABLE}, or build it with "
                                "./mvnw -pl infra/launcher -am package -DskipTests")
    cmd = [_java(), "-jar", str(jar), "archive-read", "--archive", os.fspath(archive), "--provider", provider]
    if symbols:
        cmd += ["--symbols", ",".join([symbols] if isinstance(symbols, str) else symbols)]
    if start is not None:
        cmd += ["--from", str(_time(start))]
    if end is not None:
        cmd += ["--until", str(_time(end))]
    return cmd


def raw_events(archive: str | os.PathLike[str], provider: str, start: datetime | str | None = None,
               end: datetime | str | None = None, symbols: str | Sequence[str] | None = None,
               launcher: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The provider's archived raw events with start <= event_time < end, in event-time order (event_time, then
    event_id). `archive`: a directory or an s3:// URI as the launcher takes it (S3 credentials from the environment).
    Columns: event_id, provider, type, source, subject, content_type, symbol (partition), symbols (list), date,
    event_time and received_at (UTC timestamps), payload (the message's bytes verbatim) and text (the payload decoded
    as UTF-8, None when it is binary). Skipped files raise a warning naming them; a failed read raises
    ArchiveReadError."""
    cmd = command(archive, provider, start, end, symbols, launcher)
    done = subprocess.run(cmd, capture_output=True, check=False)
    stderr = done.stderr.decode("utf-8", "replace")
    if done.returncode not in (0, EXIT_PARTIAL):
        raise ArchiveReadError(cmd, done.returncode, stderr)
    if done.returncode == EXIT_PARTIAL:
        warnings.warn(f"archive-read skipped files: {stderr.strip()}", RuntimeWarning, stacklevel=2)
    rows: list[dict[str, Any]] = []
    for line in done.stdout.decode("utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        encoding = row.pop("payload_encoding")
        if encoding == "utf-8":
            row["text"] = row["payload"]
            row["payload"] = row["payload"].encode("utf-8")
        elif encoding == "base64":
            row["text"] = None
            row["payload"] = base64.b64decode(row["payload"])
        else:
            raise ArchiveReadError(cmd, done.returncode, f"unknown payload_encoding {encoding!r} in: {line[:200]}")
        rows.append(row)
    df = pd.DataFrame(rows, columns=RAW_EVENT_COLUMNS)
    for column in ("event_time", "received_at"):
        df[column] = pd.to_datetime(df[column], utc=True)
    df["date"] = pd.to_datetime(df["date"]).dt.date
    return df
