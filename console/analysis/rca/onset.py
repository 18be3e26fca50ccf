"""When the incident started: a test on counts of failing lines against a long baseline.

Service logs are cut into one-minute windows. A window is suspect when its failures are
unlikely under the baseline rate (everything normal before it, up to an hour: a Poisson
test on the count, not a per-minute percentage), and it starts an episode only when the rise
persists: the next five minutes together are far beyond the baseline too, with most of them
elevated. A stray error line, or a short burst, is not an incident. Each endpoint with enough
traffic is tested on its own as well (30 % of checkout failing can hide in 2 % overall).

With ``alert_at``, the episode in progress at the alert (else the last one before it) is the
incident; without, the episode with the most failures above the baseline. Near an alert, a
short storm counts too: two minutes in a row each failing far beyond the baseline (a
database failover is often over in two), which without an alert could be a burst.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from console.analysis.rca.signatures import Record

WINDOW_S = 60.0
BASELINE_WINDOWS = 60  # an hour of normal before a window, at most
MIN_BASELINE_WINDOWS = 5
MIN_BASELINE_LINES = 30
PERSIST_WINDOWS = 5
ALPHA_WINDOW = 1e-4  # one window's count
ALPHA_EPISODE = 1e-6  # the five windows from it together
ALPHA_REST = 1e-3  # the five windows without their worst one
ALPHA_QUIET = 0.01  # a minute no more than this unlikely is back to normal
MIN_ENDPOINT_LINES = 100
BACKTRACK_WINDOWS = 10
SHORT_WINDOWS = 2  # near an alert: this many severe minutes in a row are an episode
SHORT_MIN_SHARE = 0.10  # each of them failing at least this share of its lines
ALERT_LOOKBACK_S = 900.0  # an alert fires minutes after the storm that set it off


def poisson_sf(k: int, lam: float) -> float:
    """P(X ≥ k) for X ~ Poisson(lam)."""
    if k <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    log_term = -lam + k * math.log(lam) - math.lgamma(k + 1)
    total = 0.0
    i = k
    term = math.exp(log_term)
    while term > 1e-300 and i < k + 2000:
        total += term
        i += 1
        term *= lam / i
        if term < total * 1e-12:
            break
    return min(1.0, total)


@dataclass
class Episode:
    start: float  # the first failing line of the episode's first window
    window_start: float
    end: float | None  # None: still going when the input ends
    scope: str  # "" (the whole service) or an endpoint
    baseline_pct: float
    pct: float  # failing share over the first five windows
    failures: int
    lines: int
    excess: float  # failures above what the baseline predicts, over the episode
    p_value: float
    what: str  # what was counted ("errors")
    detected_at: float | None = None  # the first minute significant on its own

    def describe(self) -> str:
        where = f" on {self.scope}" if self.scope else ""
        return (
            f"{self.what}{where} rose from {self.baseline_pct:.2g} % of lines to"
            f" {self.pct:.3g} % ({self.failures} of {self.lines} lines in the first"
            f" {PERSIST_WINDOWS} min; p = {self.p_value:.1g} against the baseline)"
        )


def _episodes(
    recs: list[Record],
    bad: Callable[[Record], bool],
    scope: str,
    what: str,
    alert_at: float | None = None,
) -> list[Episode]:
    if not recs:
        return []
    t0 = recs[0].ts - recs[0].ts % WINDOW_S
    n = int((recs[-1].ts - t0) // WINDOW_S) + 1
    if n > 24 * 60 * 7:
        return []  # a week of minutes: not one incident's log
    fails = [0] * n
    lines = [0] * n
    first_bad: list[float | None] = [None] * n
    for r in recs:
        i = int((r.ts - t0) // WINDOW_S)
        lines[i] += 1
        if bad(r):
            fails[i] += 1
            if first_bad[i] is None:
                first_bad[i] = r.ts
    normal = [True] * n
    out: list[Episode] = []
    i = MIN_BASELINE_WINDOWS
    while i < n:
        lo = max(0, i - BASELINE_WINDOWS)
        bl = sum(lines[j] for j in range(lo, i) if normal[j])
        bf = sum(fails[j] for j in range(lo, i) if normal[j])
        if bl < MIN_BASELINE_LINES or fails[i] < 2:
            i += 1
            continue
        p = (bf + 0.5) / (bl + 1.0)
        if poisson_sf(fails[i], lines[i] * p) >= ALPHA_WINDOW:
            i += 1
            continue
        span = range(i, min(n, i + PERSIST_WINDOWS))
        ef = sum(fails[j] for j in span)
        el = sum(lines[j] for j in span)
        elevated = sum(1 for j in span if fails[j] > 2 * lines[j] * p and fails[j] >= 1)
        pv = poisson_sf(ef, el * p)
        need = max(1, math.ceil(0.6 * len(span)))
        storm = alert_at is not None and _storm(i, fails, lines, p, t0, alert_at)
        if not storm and (
            pv >= ALPHA_EPISODE or elevated < need or ef < 3 or ef / max(el, 1) < 2 * p
        ):
            i += 1
            continue
        # A rise persists when it is more than its worst minute: one subscriber's refusals
        # for a minute, with a straggler or two after, is a burst. Without an alert, more
        # than its worst two over ten minutes: a rolling restart's two minutes of refusals
        # are a blip too, while a small rise that goes on adds up.
        # Failing lines come in clumps (a failed request logs its error and its access
        # line): the longer test allows for the baseline's own overdispersion.
        phi = _dispersion([j for j in range(lo, i) if normal[j]], fails, lines, p)
        if not storm and (
            _rest(span, fails, lines, p, 1) >= ALPHA_REST
            or (
                alert_at is None
                and _rest(range(i, min(n, i + 2 * PERSIST_WINDOWS)), fails, lines, p, 2, phi)
                >= ALPHA_REST
            )
        ):
            i += 1
            continue
        # The episode lasts while the next five minutes stay beyond the baseline.
        # The rise often begins minutes before it is significant on its own: the onset is the
        # maximum-likelihood change point, the window from which a raised Poisson rate best
        # explains the counts up to the end of the persistence span.
        # Forward too, past a quiet minute: a stray significant minute just before the real
        # rise must not become its onset (a gradual rise has no quiet minute in it).
        first, best = i, -math.inf
        last = i  # the minutes right after it quiet again: the rise starts after them
        while (
            last + 1 < min(n, i + PERSIST_WINDOWS)
            and poisson_sf(fails[last + 1], lines[last + 1] * p) >= ALPHA_QUIET
        ):
            last += 1
        last = last + 1 if last > i else i
        end = min(n, i + (2 if last > i else 1) * PERSIST_WINDOWS)
        for k in range(last, max(0, i - BACKTRACK_WINDOWS) - 1, -1):
            if k >= n or (k > i and fails[k] == 0):
                continue
            if k < i and not normal[k]:
                break
            f_j = sum(fails[k:end])
            l_j = sum(lines[k:end])
            rate = f_j / max(l_j, 1)
            if rate <= p:
                continue
            llr = f_j * math.log(rate / p) - l_j * (rate - p)
            if llr > best:
                first, best = k, llr
        j = i
        excess = 0.0
        while j < n:
            nxt = range(j, min(n, j + PERSIST_WINDOWS))
            f = sum(fails[k] for k in nxt)
            ln = sum(lines[k] for k in nxt)
            if poisson_sf(f, ln * p) > 0.01 and j > i:
                break
            excess += fails[j] - lines[j] * p
            normal[j] = False
            j += 1
        start = first_bad[first]
        out.append(
            Episode(
                start=start if start is not None else t0 + first * WINDOW_S,
                window_start=t0 + first * WINDOW_S,
                end=None if j >= n else t0 + j * WINDOW_S,
                scope=scope,
                baseline_pct=100.0 * p,
                pct=100.0 * ef / max(el, 1),
                failures=ef,
                lines=el,
                excess=excess,
                p_value=pv,
                what=what,
                detected_at=t0 + i * WINDOW_S,
            )
        )
        i = j + 1
    return out


def _rest(
    span: range, fails: list[int], lines: list[int], p: float, drop: int, phi: float = 1.0
) -> float:
    """The p-value of the windows of ``span`` without their ``drop`` worst ones, counts
    scaled down by the baseline's dispersion ``phi`` (a quasi-Poisson test)."""
    worst = sorted(span, key=lambda j: -fails[j])[:drop]
    rest_f = sum(fails[j] for j in span) - sum(fails[j] for j in worst)
    rest_l = sum(lines[j] for j in span) - sum(lines[j] for j in worst)
    return poisson_sf(round(rest_f / phi), rest_l * p / phi)


def _dispersion(base: list[int], fails: list[int], lines: list[int], p: float) -> float:
    """Pearson's dispersion of the baseline windows' failure counts (1 for Poisson), kept
    between 1 and 4."""
    if len(base) < MIN_BASELINE_WINDOWS:
        return 1.0
    chi = sum((fails[j] - lines[j] * p) ** 2 / max(lines[j] * p, 1e-9) for j in base)
    return min(4.0, max(1.0, chi / (len(base) - 1)))


def _storm(
    i: int, fails: list[int], lines: list[int], p: float, t0: float, alert_at: float
) -> bool:
    """Window ``i`` starts a short storm near the alert: ``SHORT_WINDOWS`` minutes in a row,
    each significant on its own and failing at least ``SHORT_MIN_SHARE`` of its lines."""
    at = t0 + i * WINDOW_S
    if not alert_at - ALERT_LOOKBACK_S <= at <= alert_at + 300 or i + SHORT_WINDOWS > len(fails):
        return False
    return all(
        fails[j] >= max(3, SHORT_MIN_SHARE * lines[j])
        and poisson_sf(fails[j], lines[j] * p) < ALPHA_WINDOW
        for j in range(i, i + SHORT_WINDOWS)
    )


def _failed(r: Record) -> bool:
    return r.failed


def find_episodes(recs: list[Record], alert_at: float | None = None) -> list[Episode]:
    """Every persistent rise, for the service as a whole and for each busy endpoint."""
    found = _episodes(recs, _failed, "", "errors", alert_at)
    by_ep: dict[str, list[Record]] = {}
    for r in recs:
        if r.endpoint:
            by_ep.setdefault(r.endpoint, []).append(r)
    for ep, rs in sorted(by_ep.items()):
        if len(rs) >= MIN_ENDPOINT_LINES and len(by_ep) > 1:
            found.extend(_episodes(rs, _failed, ep, "errors", alert_at))
    found.sort(key=lambda e: (e.start, e.scope))
    return found


def choose(episodes: list[Episode], alert_at: float | None) -> Episode | None:
    """The incident's episode (see the module's doc), started at its earliest overlapping one."""
    if not episodes:
        return None
    if alert_at is not None:
        before = [e for e in episodes if e.start <= alert_at + 300]
        if not before:
            return None
        running = [e for e in before if e.end is None or e.end >= alert_at - 300]
        best = max(running or before, key=lambda e: e.excess if running else e.start)
    else:
        best = max(episodes, key=lambda e: (e.excess, -e.start))
    end = best.end if best.end is not None else math.inf
    overlapping = [e for e in episodes if e.start <= end and (e.end or math.inf) >= best.start]
    earliest = min(overlapping, key=lambda e: e.start)
    if earliest is best or earliest.start >= best.start:
        return best
    return earliest
