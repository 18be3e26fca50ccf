"""Causes read from the database's and the rollout's measurements: a missing index, and a
pool or max_connections too small for the pods (capacity). These need metric samples (an
agent's log, a metrics source) or pool fields on the service's errors."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from typing import Any

from console import events as ev
from console.analysis.analysts import SignalSummary
from console.analysis.changepoint import DB_CONN_UTIL
from console.analysis.rca.changes import is_ours
from console.analysis.rca.context import Facts
from console.analysis.rca.model import Candidate
from console.timefmt import clock

POOL_KEY = re.compile(r"pool|conn|concurren|max_connections|thread|worker|hikari", re.I)
_QUERY_BASELINE = re.compile(
    r"query time:?\s*(\d+(?:\.\d+)?)\s*ms.*?baseline:?\s*(\d+(?:\.\d+)?)\s*ms", re.I
)


def num(x: Any) -> float | None:
    if isinstance(x, bool):
        return None
    if isinstance(x, int | float):
        return float(x)
    if isinstance(x, str):
        try:
            return float(x.strip())
        except ValueError:
            return None
    return None


def concurrency(f: Facts) -> float | None:
    vals = [v for _, v in f.logs.field_values.get("concurrent_calls", [])]
    nums = [n for n in (num(v) for v in vals) if n is not None]
    if f.metrics.concurrent_calls is not None:
        nums.append(f.metrics.concurrent_calls)
    return max(nums) if nums else None


def pool_negative(f: Facts) -> tuple[float, float] | None:
    """(time, value) of the lowest pool_available seen, when it went to zero or below."""
    vals = [
        (t, n)
        for t, v in f.logs.field_values.get("pool_available", [])
        if (n := num(v)) is not None
    ]
    low = min(vals, key=lambda x: x[1], default=None)
    m_low = f.metrics.pool_available_low
    if m_low is not None and (low is None or m_low[1] < low[1]):
        low = m_low
    return low if low is not None and low[1] <= 0 else None


def pool_keys_changed(f: Facts) -> list[str]:
    return [k for c in f.before_onset() for k in c.changes if POOL_KEY.search(k)]


def query_ratio(f: Facts) -> tuple[float, str, float | None] | None:
    s = f.metrics.get(ev.DB_QUERY_MS)
    if s is not None and s.onset is not None:
        o = s.onset
        return (
            s.peak / max(o.baseline, 1e-9),
            f"DB query time left its baseline at {clock(o.at)}: {o.spec.fmt(o.baseline)} →"
            f" {o.spec.fmt(s.peak)}",
            o.at,
        )
    if s is not None and s.baseline and s.peak / s.baseline >= 1.5:
        return (
            s.peak / s.baseline,
            f"DB query time peaked at {s.peak:.0f} ms vs {s.baseline:.0f} ms baseline",
            s.peak_at,
        )
    for ts, text in f.logs.texts:
        if "baseline" not in text:
            continue
        m = _QUERY_BASELINE.search(text)
        if m:
            now, base = float(m.group(1)), float(m.group(2))
            if base and now / base >= 1.5:
                return now / base, f"DB query time {now:g} ms vs baseline {base:g} ms", ts
    return None


def conn_util(f: Facts) -> SignalSummary | None:
    return f.metrics.signals.get((DB_CONN_UTIL, ""))


# Searched in lowered text: an IGNORECASE alternation with no literal prefix cost ten times
# as much, a quarter of a second of a one-hour log's analysis.
_SLOW = re.compile(
    r"missing (?:database |db )?index|full table scan|seq(?:uential)? ?scan|slow ?query"
    r"|no index|not indexed|without an index|rows examined|using filesort"
)


def missing_index(f: Facts) -> Candidate:
    c = Candidate("missing_index")
    q = query_ratio(f)
    if q is not None:
        ratio, text, at = q
        c.add(0.25, "metrics", f"{text} (×{ratio:.1f})", at)
    cpu = f.metrics.get(ev.DB_CPU)
    if cpu is not None and (cpu.onset is not None or cpu.peak >= 70):
        at = cpu.onset.at if cpu.onset else cpu.peak_at
        c.add(
            0.15,
            "metrics",
            f"DB CPU up to {cpu.peak:.0f} %"
            + (f" (baseline {cpu.baseline:.0f} %)" if cpu.baseline else ""),
            at,
        )
    util = conn_util(f)
    if q is not None and util is not None and util.peak < 80 and pool_negative(f) is None:
        c.add(
            0.15,
            "metrics",
            f"DB connections healthy (peak {util.peak:.0f} % of max), so not the connection pool",
            util.peak_at,
        )
    deploys = [ch for ch in f.before_onset() if ch.kind == "deployment" and is_ours(ch, f.service)]
    slow_logs = _slow_lines(f)
    timeouts = _timeout_share(f) if f.records else 0.0
    idx = index_hint(f) if slow_logs or timeouts >= 0.5 else None
    # Statements timing out on a query that filters on a column no query used before the
    # release: as telling as the slow-query lines, when a service logs only the timeouts.
    slow = bool(slow_logs) or (timeouts >= 0.5 and idx is not None)
    if (q is not None or slow) and deploys and not pool_keys_changed(f):
        d = deploys[-1]
        c.add(
            0.15,
            "deploy",
            "new code deployed before the onset"
            + (f" ({d.version})" if d.version else "")
            + ", which can bring a new query pattern",
            d.at,
        )
        c.change = d
    hints = f.logs.hints.get("missing_index")
    if slow:
        if slow_logs:
            at, text = slow_logs[0]
            c.add(0.30, "logs", f'the failing requests name the query plan: "{text}"', at)
        elif idx is not None:
            c.add(
                0.20,
                "logs",
                f"the statements that time out filter on {idx[0]}.{idx[1]}, which no query"
                " used before the release",
                f.onset,
            )
        if timeouts >= 0.5:
            c.add(
                0.25,
                "logs",
                f"{timeouts:.0%} of the new failures are statements timing out: the queries are"
                " slow, not wrong",
                f.onset,
            )
        if f.episode is not None:
            c.add(0.15, "metrics", f.episode.describe(), f.episode.start)
            if f.episode.p_value < 1e-12:
                c.add(0.10, "metrics", "a rise far beyond the baseline's noise", f.episode.start)
        if idx is not None:
            c.subject = f"{idx[0]}({idx[1]})"
    elif hints:
        c.add(0.15, "logs", f'logs point at the query plan: "{hints[0][1]}"', hints[0][0])
    if q is not None and f.onset is not None and f.metrics.traffic:
        first = f.metrics.traffic[0][1]
        at_onset = f.metrics.green_pct_at(f.onset)
        if at_onset is not None and at_onset > first:
            c.add(
                0.15,
                "metrics",
                f"the degradation began at {at_onset:g} % green traffic, not at"
                f" {first:g} %: it grows with load, as a full scan does",
                f.onset,
            )
    c.why_not = (
        "DB query time did not rise"
        if q is None and not slow_logs
        else "other evidence explains the symptoms better"
    )
    return c


_TIMEOUT = re.compile(
    r"statement timeout|canceling statement|query timeout|query timed out|lock wait timeout"
    r"|max_execution_time|query_canceled|execution time exceeded",
    re.I,
)
_QUERY_KEYS = ("query", "statement", "db.statement", "sql", "db.query.text", "query_text")
_QUERY_TAILS = frozenset({"query", "statement", "sql", "text", "query_text"})
_MIGRATION = re.compile(r"migrat|alembic|flyway|liquibase|schema change", re.I)
_FROM = re.compile(r"\bfrom\s+([\w.]+)", re.I)
# A column of a WHERE, also inside a function (LOWER(t.col) = LOWER(%s): the reason a plain
# index on it is not used).
_WHERE_COL = re.compile(
    r"\b(?:where|and|or)\s+(?:\w+\()?(?:\w+\.)?(\w+)\)?\s*(?:=|in\b|like\b|>|<|between\b|is\b)",
    re.I,
)
_QUOTES = re.compile(r"[\"`\[\]]")  # quoted identifiers: "t"."col", `col`, [col]


def _timeout_share(f: Facts) -> float:
    grown = [s for s in f.signatures if s.after > s.before]
    # An access log's 5xx lines are the consequence; the errors that say why are the cause.
    grown = [s for s in grown if s.explained] or grown
    total = sum(s.after for s in grown)
    slow = sum(s.after for s in grown if _TIMEOUT.search(s.example))
    return slow / total if total else 0.0


_SQL_IN_TEXT = re.compile(r"\b(select\s.+?\sfrom\s[^'\"`]+)", re.I | re.S)


def _query_in(text: str) -> str | None:
    """A statement quoted in a line's text (Hibernate's "SlowQuery: 906 ms. SQL: '...'")."""
    if "select" not in text and "SELECT" not in text:
        return None
    m = _SQL_IN_TEXT.search(text)
    return m.group(1) if m else None


def _query_of(fields: Mapping[str, Any]) -> str | None:
    for key in _QUERY_KEYS:
        v = fields.get(key)
        if isinstance(v, str) and " " in v:
            return v
    for key, v in fields.items():  # nested: labels.query, db.query.text, ...
        if (
            isinstance(v, str)
            and " " in v
            and "." in key
            and key.rsplit(".", 1)[-1] in _QUERY_TAILS
        ):
            return v
    return None


def index_hint(f: Facts) -> tuple[str, str] | None:
    """(table, column) the slow queries filter on without an index: a column of their WHERE
    that no query used before the incident's release (else the first column)."""
    deploys = [c for c in f.before_onset() if c.kind == "deployment" and is_ours(c, f.service)]
    since = deploys[-1].at if deploys else (f.onset or 0.0) - 3600
    known: set[str] = set()
    slow: list[str] = []
    migrated: list[str] = []  # what the release's migrations say (0088_add_payout_batch_id)
    for r in f.records:
        q = _query_of(r.fields) or _query_in(r.text)
        if q is not None:
            q = _QUOTES.sub("", q)
        if q is None:
            if r.ts >= since and len(migrated) < 50 and _MIGRATION.search(r.text):
                migrated.append(" ".join([r.text, *(str(v) for v in r.fields.values())]).lower())
            continue
        if r.ts < since:
            known.update(m.lower() for m in _WHERE_COL.findall(q))
        elif r.level in ("WARNING", "ERROR") and len(slow) < 50:
            slow.append(q)
    for q in slow:
        table = _FROM.search(q)
        cols = [m for m in _WHERE_COL.findall(q)]
        if not table or not cols:
            continue
        new = [col for col in cols if col.lower() not in known] or cols
        added = [col for col in new if any(col.lower() in m for m in migrated)]
        # Without a migration to say which, a range (between, <, >) is what an index on the
        # equality columns alone cannot serve.
        ranged = [
            col for col in new if re.search(rf"\b{re.escape(col)}\s*(?:between|<|>)", q, re.I)
        ]
        col = (added or ranged or new)[0]
        # Filtered through a function: only an index on that expression serves it.
        fn = re.search(rf"\b(lower|upper)\(\s*(?:\w+\.)?{re.escape(col)}\s*\)", q, re.I)
        return table.group(1), f"{fn.group(1).lower()}({col})" if fn else col
    return None


def _slow_lines(f: Facts) -> list[tuple[float, str]]:
    """Service log lines after the onset that say a query is slow or unindexed."""
    if f.onset is None:
        return []
    out = []
    seen: dict[str, bool] = {}  # a message's verdict: logs repeat their messages
    recs = f.records
    for r in recs[bisect.bisect_left(recs, f.onset - 60, key=lambda r: r.ts) :]:
        if r.level not in ("ERROR", "WARNING"):
            continue
        text = r.text
        slow = seen.get(text)
        if slow is None:
            slow = seen[text] = _SLOW.search(text.lower()) is not None
        if slow:
            out.append((r.ts, r.text[:160]))
            if len(out) >= 3:
                break
    return out if len(out) >= 3 else []


def capacity_arithmetic(f: Facts) -> tuple[str, bool] | None:
    """(text, over): pods × pool per pod against max_connections, from whatever is known."""
    reps = dict(f.deploys.replicas)
    assumed = ""
    if "green" in reps and "blue" not in reps:
        # Blue-green runs the same replica count on both sides unless told otherwise.
        reps["blue"] = reps["green"]
        assumed = " (blue replicas assumed equal to green)"
    diffs = f.deploys.config_diffs()
    default = f.metrics.pool_sizes.get("")
    for key in ("db_pool_size", "pool_size", "connection_pool_size", "pool_per_pod"):
        if default is None and key in diffs:
            default = num(diffs[key].get("after"))
    if default is None and not f.metrics.pool_sizes:
        vals = [
            n for _, v in f.logs.field_values.get("db_pool_size", []) if (n := num(v)) is not None
        ]
        default = vals[-1] if vals else None
    mx = f.metrics.max_connections
    if mx is None and "max_connections" in diffs:
        mx = num(diffs["max_connections"].get("after"))
    pods: list[tuple[str, int, float]] = []
    for colour, n in sorted(reps.items()):
        pool = f.metrics.pool_sizes.get(colour, default)
        if n and pool is not None:
            pods.append((colour, n, pool))
    if mx is None or not pods:
        return None
    demand = sum(n * pool for _, n, pool in pods)
    if len({pool for _, _, pool in pods}) == 1:
        parts = " + ".join(f"{n} {colour}" for colour, n, _ in pods)
        formula = f"({parts}) pods × {pods[0][2]:g} connections per pod"
    else:
        formula = " + ".join(f"{n} {colour} × {pool:g}" for colour, n, pool in pods)
    over = demand > mx
    text = (
        f"{formula} = {demand:g} {'>' if over else '≤'} max_connections {mx:g}"
        f" ({100 * demand / mx:.0f} %){assumed}"
    )
    return text, over


_POOL_WORDS = re.compile(
    r"pool exhaust|pool is exhausted|exhausted pool|too many (?:client )?connections"
    r"|remaining connection slots|connection pool (?:full|timeout)|waiting for a connection"
    r"|connection is not available|unable to acquire|could not obtain connection"
    r"|timeout acquiring|no available connection|pool timeout|acquire connection"
    r"|queuepool limit|pool limit of size|limit of size \d+ overflow"
    r"|(?:could not|failed to|unable to) (?:obtain|acquire|get) (?:a |an )?(?:\w+ )?connection",
    re.I,
)


def pool_errors(f: Facts) -> tuple[float, str] | None:
    """The first failing signature that says the connection pool ran out."""
    for s in f.signatures:
        if s.after > s.before and _POOL_WORDS.search(s.example):
            return s.first_at if s.before == 0 else f.onset or s.first_at, s.example[:160]
    hints = f.logs.hints.get("connection_pool_exhaustion")
    return hints[0] if hints else None


def pool(f: Facts) -> Candidate:
    """Pods × pool per pod beyond what the database allows: capacity, with its arithmetic."""
    c = Candidate("capacity", subject="connection pool")
    util = conn_util(f)
    neg = pool_negative(f)
    if util is not None and util.peak >= 90:
        c.add(
            0.30,
            "metrics",
            f"DB connections reached {util.peak:.0f} % of max_connections",
            util.peak_at,
        )
    elif neg is not None:
        c.add(0.30, "logs", f"pool_available went to {neg[1]:g}: the pool was exhausted", neg[0])
    elif util is not None and util.peak >= 80:
        c.add(
            0.15,
            "metrics",
            f"DB connections reached {util.peak:.0f} % of max_connections",
            util.peak_at,
        )
    arith = capacity_arithmetic(f)
    if arith is not None and arith[1]:
        c.add(0.25, "deploy", "capacity arithmetic: " + arith[0], None)
    else:
        conc = concurrency(f)
        size = f.metrics.pool_size
        if size is None:
            vals = [
                n
                for _, v in f.logs.field_values.get("db_pool_size", [])
                if (n := num(v)) is not None
            ]
            size = min(vals) if vals else None
        if conc is not None and size is not None and conc > size:
            c.add(
                0.25,
                "logs",
                f"{conc:g} concurrent calls against a pool of {size:g} per pod",
                f.onset,
            )
    errs = pool_errors(f)
    if errs:
        c.add(0.15, "logs", f'errors say the pool is exhausted: "{errs[1]}"', errs[0])
    if util is not None and util.onset is not None and c.points:
        pct = f.metrics.green_pct_at(util.onset.at)
        c.add(
            0.15,
            "metrics",
            f"connections climbed from {util.onset.baseline:.0f} % to"
            f" {util.peak:.0f} % of max" + (f" as green took {pct:g} %" if pct else ""),
            util.onset.at,
        )
    q = f.metrics.get(ev.DB_QUERY_MS)
    if c.points and q is not None and q.onset is None and (q.ratio() or 1) < 1.5:
        c.add(
            0.15,
            "metrics",
            f"DB query time normal ({q.peak:.0f} ms peak): the database is not"
            " slow, it is out of connections",
            q.peak_at,
        )
    c.why_not = (
        "connections stayed healthy"
        + (f" (peak {util.peak:.0f} % of max)" if util is not None else "")
        if not c.points
        else "other evidence explains the symptoms better"
    )
    return c
