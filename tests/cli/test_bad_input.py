"""Bad flags and arguments: one line on stderr, a non-zero exit, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.cli import FIXTURE_LOGS, one_line, opsconsole

LOG = str(FIXTURE_LOGS / "rollout_success.log")

SAMPLE = str(Path(__file__).resolve().parents[2] / "sample_sessions" / "healthy.db")
CASES = {
    "negative speed": (["demo", "--speed", "-1"], 1, "--speed must be positive"),
    "demo at speed nan": (["demo", "--speed", "nan"], 1, "--speed must be positive"),
    "demo faster than the simulator": (
        ["demo", "--speed", "100000"],
        1,
        "--speed 100000 is faster than the simulator can keep to: use at most 10000",
    ),
    "unknown command": (["nosuchcmd"], 2, "invalid choice: 'nosuchcmd'"),
    "watch nothing": (["watch"], 1, "nothing to watch"),
    "unknown scenario": (["demo", "--scenario", "nope"], 2, "invalid choice: 'nope'"),
    "kube without namespace": (["watch", "--kube", "--headless"], 1, "--kube needs --namespace"),
    "pipe needs headless": (["watch", "--log", "-"], 1, "add --headless"),
    # a screen with its input or output a pipe (as here): one line, not a core spun on EOF
    "replay without a terminal": (["replay", SAMPLE], 1, "needs a terminal"),
    "demo without a terminal": (["demo"], 1, "needs a terminal"),
    "watch without a terminal": (["watch", "--log", LOG], 1, "needs a terminal"),
    "bad alert time": (["rca", LOG, "--alert-at", "yesterday"], 1, "not an ISO 8601 time"),
    "export without a store": (["export", "--latest"], 1, "no session database"),
    "replay at speed zero": (["replay", SAMPLE, "--speed", "0"], 1, "--speed must be a positive"),
    "replay at speed nan": (["replay", SAMPLE, "--speed", "nan"], 1, "--speed must be a positive"),
    "replay at no time": (["replay", SAMPLE, "--at", "99:99"], 1, "is not HH:MM:SS"),
    "refresh nan": (["replay", SAMPLE, "--refresh", "nan"], 1, "--refresh must be a positive"),
    "unknown preset": (
        ["watch", "--prometheus", "http://127.0.0.1:9", "--preset", "nginx", "--headless"],
        1,
        "unknown Prometheus preset 'nginx'; known: istio, linkerd, ingress-nginx",
    ),
    "bad prometheus match": (
        ["watch", "--prometheus", "http://127.0.0.1:9", "--prometheus-match", "checkout"],
        1,
        "not a Prometheus label matcher list: 'checkout'",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_flags_are_one_clear_line(tmp_path: Path, case: str) -> None:
    args, code, expect = CASES[case]
    db = ["--db", str(tmp_path / "x.db")] if args[0] != "nosuchcmd" else []
    r = opsconsole(tmp_path, *args, *db)
    assert r.returncode == code, r.stderr
    line = one_line(r.stderr)
    assert line.startswith("opsconsole") and expect in line  # argparse says "opsconsole demo:"
    assert "unexpected error" not in line
    assert not (tmp_path / "x.db").exists()  # nothing recorded for a refused command
    assert not list(tmp_path.rglob("crash.log"))


@pytest.mark.parametrize(
    "args", [["--speed", "-1"], ["--token-file", "/nonexistent/token"]], ids=["speed", "token"]
)
def test_agent_sim_bad_input_is_one_clear_line(tmp_path: Path, args: list[str]) -> None:
    r = opsconsole(tmp_path, "agent-sim", *args)
    assert r.returncode == 1
    line = one_line(r.stderr)
    assert line.startswith("opsconsole: ") and "unexpected error" not in line
    assert not list(tmp_path.rglob("crash.log"))
