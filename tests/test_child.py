"""A child interpreter of ours runs this package's modules, wherever the caller stands."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from console.ingest import import_files

ROOT = Path(__file__).resolve().parents[1]


def test_the_writer_is_ours_whatever_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An import started from a directory that holds another ``console`` package (an old
    checkout) still has its writer run this package's code, not that one."""
    other = tmp_path / "console"
    (other / "store").mkdir(parents=True)
    (other / "__init__.py").write_text("")
    (other / "store" / "__init__.py").write_text("")
    (other / "store" / "bulk.py").write_text("raise SystemExit('the wrong package ran')\n")
    monkeypatch.chdir(tmp_path)
    log = ROOT / "tests" / "fixtures" / "logs" / "rollout_success.log"
    result = import_files([log], Path("s.db"))
    assert result.events > 0 and os.path.getsize(tmp_path / "s.db") > 0
