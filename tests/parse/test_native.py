"""The compiled parser (mypyc, see setup.py) against its own sources, and the stale-build guard.

When the install compiled the parser, the compiled modules must give exactly the events the
sources give, line for line, on every fixture and on hostile input. When a source changes
after the build, the sources must run, never the stale build.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from console import events as ev
from console import native
from console.ingest import read_chunks
from console.parse import LogParser

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "logs").iterdir())

# Input the fixtures don't have: the bad input issue #3 names, and lines near each format.
HOSTILE = "\n".join(
    [
        "Session ID: x",
        "Start Time: 2024-11-21 23:59:58 UTC",
        "[23:59:59] [INFO] before midnight",
        "[00:00:01] [OBSERVATION] after midnight:\r",
        "  - Average latency: 1e999ms",
        "  - DB connections: Blue 4, Green 5, Total 9/0 (nan%)",
        "  - Error rate: -0.0%",
        "[00:00:02] [X-CUSTOM] \x00 nul and \ufffd replacement",
        '{"level": 40, "msg": "numeric level", "ts": 1732233600123, "duration_ms": 12}',
        '{"timestamp": "2024-11-22T00:00:03Z", "message": "big", "n": 123456789012345678901}',
        '{"time": "not a time", "level": "warn", "latency_ms": true}',
        '{"truncated": ',
        "[1, 2, 3]",
        "2024-11-22 00:00:04,123 ERROR plain line with a time",
        "no format at all",
        "[00:00:05] [ACTION] Increasing traffic to 50%",
        "[00:00:06] [TOOL] Executing: traffic_shift(percentage=50)",
        "  Blue: 50%, Green: 50%",
        "x" * 20_000,
        "DEPLOYMENT STATUS: FAILED",
        "TIME TO DETECT: 4 minutes",
    ]
)

_DUMP = """
import json, sys
from console import events as ev, native
from console.ingest import read_chunks
from console.parse import LogParser
out = []
for path in sys.argv[1:]:
    p = LogParser(source="t")
    events = [e for c in read_chunks(path) for e in p.feed_text(c)] + p.flush()
    out.append([list(ev.to_record(e)) for e in events])
print(json.dumps({"compiled": native.running_compiled(), "events": out}))
"""


def _records(paths: list[Path]) -> list[list[list[object]]]:
    out = []
    for path in paths:
        p = LogParser(source="t")
        events = [e for c in read_chunks(path) for e in p.feed_text(c)] + p.flush()
        out.append([list(ev.to_record(e)) for e in events])
    return json.loads(json.dumps(out))


def test_the_compiled_parser_gives_exactly_what_its_sources_give(tmp_path: Path) -> None:
    if not native.running_compiled():
        pytest.skip("the parser is not compiled in this install (no C compiler or mypyc)")
    hostile = tmp_path / "hostile.log"
    hostile.write_text(HOSTILE + "\n", encoding="utf-8")
    paths = [*FIXTURES, hostile]
    env = dict(os.environ, OPSCONSOLE_PURE_PYTHON="1")
    proc = subprocess.run(
        [sys.executable, "-c", _DUMP, *map(str, paths)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        check=True,
    )
    pure = json.loads(proc.stdout)
    assert pure["compiled"] is False  # the subprocess really ran the sources
    compiled = _records(paths)
    for path, a, b in zip(paths, compiled, pure["events"], strict=True):
        assert a == b, f"compiled and source parsers differ on {path.name}"
    assert sum(map(len, compiled)) > 100


def _fake_build(root: Path, modules: tuple[str, ...], digest_of: dict[str, str]) -> None:
    import hashlib
    import importlib.machinery

    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    for module in modules:
        source = root / (module.replace(".", "/") + ".py")
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_text(f"# {module}\n")
        source.with_suffix("").with_name(source.stem + suffix).write_bytes(b"")
        digest_of[module] = hashlib.sha256(source.read_bytes()).hexdigest()


def test_a_build_runs_only_while_it_matches_its_sources(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPSCONSOLE_PURE_PYTHON", raising=False)
    monkeypatch.setattr(native, "_ROOT", tmp_path)
    digests: dict[str, str] = {}
    _fake_build(tmp_path, native.COMPILED, digests)
    assert not native.compiled_is_current()  # no manifest: not a finished build
    manifest = tmp_path / native.MANIFEST
    manifest.write_text(json.dumps(digests))
    assert native.compiled_is_current()
    monkeypatch.setenv("OPSCONSOLE_PURE_PYTHON", "1")
    assert not native.compiled_is_current()  # asked for the sources
    monkeypatch.delenv("OPSCONSOLE_PURE_PYTHON")
    edited = tmp_path / (native.COMPILED[2].replace(".", "/") + ".py")
    edited.write_text(edited.read_text() + "# an edit after the build\n")
    assert not native.compiled_is_current()
    manifest.write_text("{not json")
    assert not native.compiled_is_current()


def test_pure_python_is_used_when_asked() -> None:
    code = (
        "import console.parse.parser as p, console.native as n; "
        "print(p.__file__.endswith('.py'), n.running_compiled())"
    )
    env = dict(os.environ, OPSCONSOLE_PURE_PYTHON="1")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout.split()
    assert out == ["True", "False"]
