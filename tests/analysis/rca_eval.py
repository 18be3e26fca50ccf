"""The evaluation runner: ``python -m tests.analysis.rca_eval [tune|holdout] [CASE...]``.

Runs the analysis on every case of ``tests/fixtures/rca_eval/<half>/`` as ``opsconsole rca``
would (its inputs as given, ``--service`` and ``--alert-at`` from ``case.json``), and prints
one row per case: expected → got for the category, the action, the blamed change and the
confidence, and whether the onset and the names the action must mention are right. A case
passes when its category, action and blamed change are all right (issue 18's bar).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from console.analysis.inputs import load_inputs, parse_alert_at
from console.analysis.rca import analyse
from console.parse.timestamps import parse_iso

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "rca_eval"
_NOT_INPUTS = frozenset({"case.json", "spec.json"})
ONSET_TOLERANCE_S = 120.0


@dataclass
class Result:
    case: str
    expected: dict[str, Any]
    report: dict[str, Any]
    seconds: float

    @property
    def category_ok(self) -> bool:
        return bool(self.report["root_cause"]["category"] == self.expected["category"])

    @property
    def action_ok(self) -> bool:
        return bool(self.report["recommended_action"]["kind"] == self.expected["action"])

    @property
    def blamed_ok(self) -> bool:
        want = self.expected.get("blamed_change")
        got = self.report.get("blamed_change")
        if want is None or got is None:
            return want is None and got is None
        if want.get("kind") != got.get("kind") or want.get("service") != got.get("service"):
            return False
        if want.get("version") is not None and want["version"] != got.get("version"):
            return False
        if want.get("resource") is not None and want["resource"] != got.get("resource"):
            return False
        return _same_time(want.get("at"), got.get("at"), 1.0)

    @property
    def onset_ok(self) -> bool:
        want = self.expected.get("onset_at")
        got = self.report.get("onset_at")
        if want is None or got is None:
            return want is None and got is None
        return _same_time(want, got, ONSET_TOLERANCE_S)

    @property
    def names_ok(self) -> bool:
        detail = str(self.report["recommended_action"]["detail"]).lower()
        return all(n.lower() in detail for n in self.expected.get("names") or [])

    @property
    def passed(self) -> bool:
        return self.category_ok and self.action_ok and self.blamed_ok


def _same_time(a: str | None, b: str | None, tolerance: float) -> bool:
    ta = parse_iso(a) if a else None
    tb = parse_iso(b) if b else None
    return ta is not None and tb is not None and abs(ta - tb) <= tolerance


def cases(half: str) -> list[Path]:
    return sorted(p for p in (CORPUS / half).iterdir() if (p / "case.json").is_file())


def run_case(path: Path) -> Result:
    spec = json.loads((path / "case.json").read_text())
    inputs = sorted(str(p) for p in path.iterdir() if p.name not in _NOT_INPUTS)
    started = time.perf_counter()
    events, notes = load_inputs(inputs)
    alert = spec.get("alert_at")
    report = analyse(
        events,
        service=spec.get("service"),
        alert_at=parse_alert_at(alert) if alert else None,
        input_notes=notes,
    )
    seconds = time.perf_counter() - started
    return Result(path.name, spec["expected"], report.to_dict(), seconds)


def _blamed(b: dict[str, Any] | None) -> str:
    if not b:
        return "—"
    what = b.get("version") or b.get("resource") or ""
    return f"{b.get('kind')} {b.get('service') or ''} {what}".strip()


def table(results: list[Result]) -> str:
    rows = [
        "| case | expected category / action / blamed | got category / action / blamed | conf |"
        " cat | act | blamed | onset | names |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    mark = {True: "✓", False: "✗"}
    for r in results:
        e, g = r.expected, r.report
        rows.append(
            f"| {r.case} | {e['category']} / {e['action']} / {_blamed(e.get('blamed_change'))}"
            f" | {g['root_cause']['category']} / {g['recommended_action']['kind']} /"
            f" {_blamed(g.get('blamed_change'))} | {g['confidence']:.2f} |"
            f" {mark[r.category_ok]} | {mark[r.action_ok]} | {mark[r.blamed_ok]} |"
            f" {mark[r.onset_ok]} | {mark[r.names_ok]} |"
        )
    passed = sum(r.passed for r in results)
    rows.append("")
    rows.append(f"{passed} of {len(results)} right on category, action and blamed change")
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    half = argv[0] if argv else "tune"
    only = set(argv[1:])
    results = []
    for path in cases(half):
        if only and not any(path.name.startswith(o) for o in only):
            continue
        results.append(run_case(path))
    print(table(results))
    slowest = max(results, key=lambda r: r.seconds)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"slowest case {slowest.case}: {slowest.seconds:.2f} s; peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
