"""The import side by side with lnav, on representative inputs, in one run.

Four inputs, each at 100,000 and 1,000,000 lines (bench/inputs.py, bench/bench_import.py):
an agent log in the seed's proportions, a JSON service log in five loggers' shapes, a
service's journald JSON, and the bench's own agent log. For each: ``opsconsole import`` and
``lnav -n`` (which opens, detects and indexes the file, then answers one SQL query) as
separate processes, wall time, lines/s, our time over lnav's, what lnav made of the lines
(the format it filed them under and the share it took as entries: Debian's lnav 0.11.1 has
no JSON format for the five-shape log and takes few or none of its lines as entries, while
it reads the journald log as JSON, every line: that one is the like-for-like figure), how
10x the lines scales the time, the database's size, and the peak RSS of every process (the
import's writer is a child). Then ``rca`` and ``export`` of the million-line agent session,
and the first frame of ``opsconsole replay`` beside lnav's on a small file (10,000 lines of
the agent log; bench/first_frame.py, the median of three). The load average is printed
beside the figures: a busy machine slows both tools, and a figure without it can't be
compared.

Targets (issue 22; printed, never asserted): the seed-proportioned agent log within 2x of
lnav's time, the JSON service logs within 8x, 10x the lines in at most 11x the time, rca and
export of a million-line session under 300 MB.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench import bench_import, first_frame, inputs

SIZES = (100_000, 1_000_000)
SMALL = 10_000  # lines of the agent log replay's first frame is measured on
_ROOT = Path(__file__).resolve().parent.parent

INPUTS: dict[str, Callable[[Path, int], int]] = {
    "agent log (seed proportions)": inputs.agent_log,
    "JSON service log (5 shapes)": inputs.json_service_log,
    "journald JSON service log": inputs.journald_service_log,
    "bench agent log": lambda path, n: bench_import.write_log(path, n),
}


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
            found.extend(int(c) for c in text.split())
    except OSError:
        pass
    return found


def _hwm_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    except OSError:
        return None
    return None


def measured(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``cmd``; wall seconds and each process's peak RSS (sampled from /proc every
    20 ms: VmHWM only grows, so the last sample before a process exits is its peak)."""
    started = time.monotonic()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=_ROOT, text=True
    )
    peaks: dict[int, float] = {}
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            for pid in (proc.pid, *_children(proc.pid)):
                hwm = _hwm_mb(pid)
                if hwm is not None:
                    peaks[pid] = max(peaks.get(pid, 0.0), hwm)
            done.wait(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.monotonic() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} failed ({proc.returncode}): {err.strip()[-300:]}")
    rss = [peaks[p] for p in sorted(peaks)]
    return {"wall": wall, "rss": rss, "stdout": out}


# Each format lnav filed the lines under and how many, in one row (none: one empty row).
_LNAV_FORMATS = (
    ";SELECT ifnull(group_concat(log_format || '=' || n, ' '), '') AS formats FROM "
    "(SELECT log_format, count(*) AS n FROM all_logs GROUP BY 1 ORDER BY 2 DESC)"
)


def lnav_formats(lnav: str, log: Path, env: dict[str, str]) -> dict[str, int]:
    """The formats lnav files ``log``'s entries under, with their counts (untimed)."""
    cmd = [lnav, "-n", "-c", _LNAV_FORMATS, "-c", ":write-csv-to -", str(log)]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=_ROOT, check=False)
    return parse_formats(out.stdout)


def parse_formats(csv_out: str) -> dict[str, int]:
    """``lnav_formats``' CSV (a header, then ``fmt=n fmt=n``) as {format: entries}."""
    rows = csv_out.strip().splitlines()
    found: dict[str, int] = {}
    for item in (rows[1] if len(rows) > 1 else "").strip('"').split():
        name, _, n = item.rpartition("=")
        if name and n.isdigit():
            found[name] = int(n)
    return found


def describe_formats(found: dict[str, int], lines: int) -> str:
    """What lnav made of ``lines`` lines: its main format, and the share taken as entries."""
    if not found:
        return "no format (0 % as entries)"
    main = max(found, key=lambda k: found[k])
    share = 100.0 * sum(found.values()) / lines if lines else 0.0
    more = f" (+{len(found) - 1} more)" if len(found) > 1 else ""
    return f"{main}{more}, {share:.0f} % as entries"


def _opsconsole(*args: str) -> list[str]:
    return [sys.executable, "-m", "console", *args]


def run() -> dict[str, Any]:
    lnav = shutil.which("lnav")
    result: dict[str, Any] = {"load average before": _loadavg(), "parser": _parser_kind()}
    with tempfile.TemporaryDirectory(prefix="opsconsole-compare-") as tmp_name:
        tmp = Path(tmp_name)
        env = {**os.environ, "HOME": str(tmp), "OPSCONSOLE_CONFIG_DIR": str(tmp / "cfg")}
        rows: list[str] = []
        header = (f"{'input':<30} {'lines':>9} {'ours l/s':>10} {'lnav l/s':>10} "
                  f"{'ours/lnav':>9} {'db MB':>7} {'RSS MB (each process)':<24} load")  # fmt: skip
        print(header, flush=True)
        big_session: tuple[Path, str] | None = None
        for label, write in INPUTS.items():
            times: dict[int, tuple[float, float | None]] = {}
            db_sizes: dict[int, float] = {}
            for size in SIZES:
                log = tmp / f"input-{size}.log"
                lines = write(log, size)
                db = tmp / f"{size}-{len(rows)}.db"
                ours = measured(
                    _opsconsole("import", str(log), "--db", str(db), "--name", label), env
                )
                theirs = None
                peer = "-"
                if lnav:
                    lnav_cmd = [lnav, "-n", "-c", ";SELECT count(*) FROM all_logs", str(log)]
                    theirs = measured(lnav_cmd, env)
                    peer = describe_formats(lnav_formats(lnav, log, env), lines)
                t_ours = ours["wall"]
                t_lnav = theirs["wall"] if theirs else None
                times[size] = (t_ours, t_lnav)
                ratio = f"{t_ours / t_lnav:.2f}x" if t_lnav else "-"
                lnav_rate = f"{lines / t_lnav:,.0f}" if t_lnav else "no lnav"
                rss = " / ".join(f"{r:.0f}" for r in ours["rss"])
                if theirs:
                    rss += f"; lnav {theirs['rss'][0]:.0f}" if theirs["rss"] else ""
                db_mb = db.stat().st_size / 1e6
                db_sizes[size] = db_mb
                row = (f"{label:<30} {lines:>9,} {lines / t_ours:>10,.0f} {lnav_rate:>10} "
                       f"{ratio:>9} {db_mb:>7.1f} {rss:<24} {_loadavg()}")  # fmt: skip
                print(row, flush=True)
                print(f"{'':<30} lnav read it as: {peer}", flush=True)
                rows.append(row)
                result[f"{label}, {lines:,} lines: lnav read it as"] = peer
                result[f"{label}, {lines:,} lines: ours / lnav time"] = ratio
                result[f"{label}, {lines:,} lines: lines/s"] = round(lines / t_ours)
                if label.startswith("agent") and size == max(SIZES):
                    big_session = (db, ours["stdout"].strip().splitlines()[0])
                log.unlink()
            small, large = times[SIZES[0]], times[SIZES[1]]
            factor = SIZES[1] / SIZES[0]
            scaling = f"ours {large[0] / small[0]:.1f}x"
            if small[1] and large[1]:
                scaling += f", lnav {large[1] / small[1]:.1f}x"
            result[f"{label}: time for {factor:.0f}x the lines"] = scaling
            growth = db_sizes[SIZES[1]] / db_sizes[SIZES[0]]
            result[f"{label}: database for {factor:.0f}x the lines"] = f"{growth:.1f}x"
            print(f"{'':<30} {factor:.0f}x the lines took {scaling} the time; "
                  f"the database {growth:.1f}x", flush=True)  # fmt: skip
        if big_session is not None:
            db, sid = big_session
            for what, args in (
                ("rca", ("rca", f"{db}#{sid}", "--format", "json")),
                ("export", ("export", f"{db}#{sid}", "--format", "md", "-o", str(tmp / "pm.md"))),
            ):
                try:
                    m = measured(_opsconsole(*args), env)
                except RuntimeError as exc:
                    result[f"{what} of the 1M-line agent session"] = f"FAILED: {exc}"
                    continue
                peak = max(m["rss"]) if m["rss"] else 0.0
                result[f"{what} of the 1M-line agent session"] = (
                    f"{m['wall']:.1f} s, peak RSS {peak:.0f} MB (target < 300 MB)"
                )
        result.update(_first_frames(tmp, env, lnav))
    result["lnav"] = lnav or "not installed (make lnav)"
    result["load average after"] = _loadavg()
    return result


def _parser_kind() -> str:
    """Whether the imports below run the compiled parser (``make native``) or its sources."""
    code = "import console.parse, console.native as n; print(n.running_compiled())"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=_ROOT)
    return "compiled (mypyc)" if out.stdout.strip() == "True" else "pure Python"


def _first_frames(tmp: Path, env: dict[str, str], lnav: str | None) -> dict[str, str]:
    """Replay's first frame and lnav's, on the same small log (ours: imported first).

    Each program runs once untimed first, and Python may keep its bytecode: an installed
    opsconsole starts from cached bytecode, and with PYTHONDONTWRITEBYTECODE set (as some
    shells and CI have) it would compile every module of its own on every start (~0.4 s).
    """
    env = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    log, db = tmp / "small.log", tmp / "small.db"
    lines = inputs.agent_log(log, SMALL)
    measured(_opsconsole("import", str(log), "--db", str(db)), env)
    commands = {"replay": _opsconsole("replay", str(db))}
    if lnav:
        commands["lnav"] = [lnav, str(log)]
    for cmd in commands.values():
        first_frame.first_frame(cmd, env, _ROOT)  # warm-up: bytecode and file caches
    frames: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(3):  # interleaved: a busy moment slows both
        for name, cmd in commands.items():
            t = first_frame.first_frame(cmd, env, _ROOT)
            if t is not None:
                frames[name].append(t)
    out: dict[str, str] = {}
    for name, times in frames.items():
        shown = f"{statistics.median(times):.2f} s" if times else "no frame within 30 s"
        what = "opsconsole replay" if name == "replay" else "lnav"
        out[f"first frame, {what}, {lines:,}-line log"] = shown
        print(f"first frame of {what} on a {lines:,}-line log: {shown}", flush=True)
    return out


if __name__ == "__main__":
    for key, value in run().items():
        print(f"{key:<60} {value}")
