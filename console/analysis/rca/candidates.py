"""Candidate causes and how plausible each is.

A change is not a cause because it came first: what it changed must connect to what fails.
Each change before the onset becomes a candidate scored on three kinds of evidence:

- deploy: it happened before the onset, and how long before;
- logs: what it changed connects to the failing errors (pool keys and pool errors, a flag and
  the endpoint that fails, an env var the errors name, a release and errors only on its
  version or its new pods, another service's release and errors naming that service);
- metrics: the failures' rise is significant against the baseline (the onset test).

A change whose content cannot make requests fail (a log level) scores nothing. Causes that
are not our changes compete: an upstream host the errors name (dependency), a Kubernetes
event (infrastructure), more traffic than the service can take (capacity), the database
(missing index, pool arithmetic).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any

from console.analysis.rca import database
from console.analysis.rca.changes import Change, is_ours
from console.analysis.rca.context import Facts
from console.analysis.rca.model import Candidate
from console.analysis.rca.signatures import Signature
from console.timefmt import clock, duration

# What a kind of setting governs, and the words of the errors it can cause.
_DOMAINS: tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...] = (
    (
        "the database it connects to",
        re.compile(
            r"database_?ur[li]|db_?ur[li]|dsn|db_?host|database_?host|jdbc|datasource"
            r"|(?:postgres\w*|pg|mysql|mongo\w*|sql)_?(?:url|uri|host|dsn|addr)|db_?addr",
            re.I,
        ),
        re.compile(
            r"read-?only|cannot execute \w+ in a read|recovery|database \S+ does not exist"
            r"|unknown database|authentication failed|access denied for user|no pg_hba"
            r"|could not connect to server|connection refused|not ?(?:writable ?)?primary"
            r"|readonlysqltransaction|super_read_only|--read-only",
            re.I,
        ),
    ),
    (
        "the connection pool",
        database.POOL_KEY,
        re.compile(
            r"pool|too many (?:client )?connections|connection slots|acquir|connection is not"
            r" available|obtain (?:a )?connection|remaining connection",
            re.I,
        ),
    ),
    (
        "timeouts",
        re.compile(r"timeout|deadline|ttl", re.I),
        re.compile(r"time ?out|timed out|deadline exceeded|took too long", re.I),
    ),
    (
        "memory",
        re.compile(r"heap|mem|xmx|gc_|cache_size|buffer", re.I),
        re.compile(r"out of memory|oom|heap|memory|allocation|gc overhead", re.I),
    ),
    (
        "rate limits",
        re.compile(r"rate|limit|quota|throttl|burst", re.I),
        re.compile(r"\b429\b|rate.?limit|throttl|quota|too many requests", re.I),
    ),
    (
        "the cache",
        re.compile(r"cache|redis|memcache", re.I),
        re.compile(r"cache|redis|memcache", re.I),
    ),
    (
        "TLS",
        re.compile(r"tls|ssl|cert|ca_bundle|cipher", re.I),
        re.compile(r"tls|ssl|certificate|x509|handshake", re.I),
    ),
    (
        "an address",
        re.compile(r"url|host|endpoint|address|dsn|port|base_uri|server", re.I),
        re.compile(
            r"connection refused|no such host|name resolution|could not resolve|unknown host"
            r"|getaddrinfo|enotfound|econnrefused|dial tcp|unreachable|404|not found",
            re.I,
        ),
    ),
    (
        "credentials",
        re.compile(r"key|secret|token|password|credential|auth", re.I),
        re.compile(r"\b401\b|\b403\b|unauthori[sz]ed|forbidden|auth|invalid (?:api )?key", re.I),
    ),
)
# An address a key points at, and calls to it that fail to connect or answer.
_ADDRESS_KEY = re.compile(r"url|uri|host|endpoint|address|addr|dsn|base|server|target", re.I)
_ADDRESS_FAILS = re.compile(
    r"connect ?timeout|connect(?:ion)? timed out|timed out|timeout|connection refused"
    r"|econnrefused|no such host|could not resolve|unknown host|enotfound|unreachable"
    r"|\b40[34]\b|not found|ssl|certificate|handshake",
    re.I,
)
# Settings whose larger value gives more headroom (a pool, a timeout, memory, a limit),
# and the errors a larger value can cause all the same (the database's own connection cap).
_HEADROOM = re.compile(
    r"pool|max_?conn|connections|threads?\b|workers?\b|timeout|deadline|heap|mem|xmx"
    r"|limit|quota|burst|rate_?limit",
    re.I,
)
_GROWTH_ERRORS = re.compile(
    r"too many (?:client )?connections|remaining connection slots|max_connections"
    r"|out of memory|oom",
    re.I,
)
# Settings that change what is logged or measured, not what is served.
_INERT = re.compile(
    r"log.?level|logging|verbos|debug|trace|sampl|metrics?_|telemetry|otel|log_format"
    r"|^log$|dashboard|alert|description|owner|annotation|comment",
    re.I,
)
# Errors that come from the code itself rather than from what it calls.
_CODE_ERRORS = re.compile(
    r"nullpointer|null pointer|typeerror|keyerror|attributeerror|indexerror|valueerror"
    r"|undefined is not|cannot read propert|is not a function|nil pointer|panic|segfault"
    r"|classcast|nosuchmethod|illegalargument|illegalstate|unhandled|uncaught|assertion"
    r"|serializ|deserializ|unmarshal|json|schema|column .* does not exist|unknown column"
    r"|no such column|unknown field|invalid syntax|stack overflow|recursion|regression",
    re.I,
)
_MEMORY = re.compile(r"out of memory|outofmemory|\boom|heap|memory|gc overhead", re.I)
_OUTAGE = re.compile(
    r"\b50[234]\b|bad gateway|service ?unavailable|gateway time-?out|connection refused"
    r"|unable to handle (?:the )?request|internal ?server ?error|slow ?down|temporarily unavailable"
    r"|connection reset|timed? ?out|timeout|unreachable|circuit.?breaker|econnrefused"
    r"|etimedout|econnreset|no healthy upstream|upstream|eof|broken pipe|tls handshake"
    r"|name resolution|no such host|enotfound|eai_again|dns|unknown ?host|nxdomain|getaddrinfo"
    r"|failed to resolve|could not resolve host|name or service not known"
    r"|x509|certificate|ssl|tls|handshake|pkix|connectexception|no route to host",
    re.I,
)
# A TLS certificate the other side presents that is not valid (expired, unknown issuer).
_CERT = re.compile(
    r"x509|certificate (?:has )?expired|certificate verify failed|certificate is not (?:yet )?valid"
    r"|unknown authority|self[- ]signed|pkix path|cert_has_expired|certificateexpired"
    r"|ssl(?:v3)?_?\w* ?(?:alert )?certificate|tls: failed to verify",
    re.I,
)
# Calls that cannot reach what they call at all (a broker, a cache, a database behind a
# client that names no host): refused, reset, unreachable.
_CALL_FAILS = re.compile(
    r"connection refused|econnrefused|connectexception|connection reset|econnreset"
    r"|no route to host|host ?unreachable|network is unreachable|broken pipe"
    r"|could not connect|unable to connect|failed to connect|cannot connect",
    re.I,
)
# A client that names what it calls (a broker, a cache) also fails by waiting for it.
_CLIENT_FAILS = re.compile(
    _CALL_FAILS.pattern
    + r"|timed? ?out|timeoutexception|not present in metadata|broker may not be available"
    r"|no brokers? available|all nodes failed|cluster ?down|nodes? unavailable",
    re.I,
)
# What a client library's errors say it calls, when they name no host.
_COMPONENTS = (
    # Names that do not resolve because the resolver itself does not answer (Go's "lookup h
    # on 10.96.0.10:53: i/o timeout", "server misbehaving"): the cluster's DNS, whatever h is.
    (
        "the cluster DNS",
        re.compile(
            r"lookup \S+ on [\w.:\[\]]+:53\b|server misbehaving|temporary failure in name"
            r" resolution|\beai_again\b",
            re.I,
        ),
    ),
    ("rabbitmq (AMQP broker)", re.compile(r"amqp|rabbit", re.I)),
    ("kafka", re.compile(r"kafka", re.I)),
    ("redis", re.compile(r"redis|lettuce|jedis", re.I)),
    ("memcached", re.compile(r"memcache", re.I)),
    ("elasticsearch", re.compile(r"elasticsearch|opensearch", re.I)),
    ("nats", re.compile(r"\bnats\b", re.I)),
    ("cassandra", re.compile(r"cassandra|datastax", re.I)),
)
# Connections that cannot be made: pods or their backends gone.
_CONNECT = re.compile(
    r"unable to connect|could not connect|cannot connect|failed to connect|connect(?:ion)?"
    r" (?:refused|failed|closed)|no (?:available|healthy|ready) (?:endpoints?|upstream|pods?)"
    r"|connectexception|connection ?exception|not ready|unavailable",
    re.I,
)
_DB_INFRA = re.compile(
    r"read-?only|recovery mode|terminating connection|failover|primary|replica|"
    r"connection (?:was )?(?:closed|reset|lost)|server closed the connection|communications link"
    r"|could not connect to server|database system is (?:starting|shutting)",
    re.I,
)
# A database saying its primary moved: a failover, an election, a primary stepping down.
_ELECTION = re.compile(
    r"fail-?over|read-?only|recovery|not ?(?:writable ?)?primary|not ?master|no ?primary"
    r"|primary (?:stepped down|changed)|step(?:ped)? ?down|election|elected|switchover"
    r"|terminating connection due to administrator|database system is (?:starting|shutting)"
    r"|database system is in recovery|not yet accepting connections",
    re.I,
)
_WORD = re.compile(r"[A-Za-z][a-z]+|[A-Z]+(?![a-z])")
_GENERIC = frozenset(
    {
        "enable",
        "enabled",
        "disable",
        "disabled",
        "flag",
        "feature",
        "new",
        "use",
        "size",
        "max",
        "min",
        "config",
        "value",
        "mode",
        "service",
        "default",
        "true",
        "false",
        "the",
        "and",
        "for",
        "with",
        "api",
        "app",
        "http",
        "https",
        "v1",
        "v2",
        "rollout",
        "percent",
        "percentage",
        "experiment",
        "toggle",
        "ff",
        "env",
        "var",
        "setting",
        "limit",
    }
)


def words(text: str) -> set[str]:
    """The meaningful words of a key, a path or a name (``newCheckoutFlow`` → new, checkout,
    flow), lower case, without the generic ones."""
    out = {w.lower() for w in _WORD.findall(text.replace("_", " ").replace("-", " "))}
    return {w for w in out if len(w) >= 3 and w not in _GENERIC}


_SUFFIX = re.compile(r"(?:ations?|ions?|ments?|ings?|ers?|es|ed|e|s)$")


def stem(word: str, least: int = 4) -> str:
    """A word without its usual English ending, so that a flag's ``substitutions`` meets the
    endpoint's ``substitute`` and the code's ``SubstitutionRanker`` (all ``substitut``); the
    word itself when fewer than ``least`` letters would be left."""
    cut = _SUFFIX.sub("", word)
    return cut if len(cut) >= least else word


def _gap(f: Facts, c: Change) -> float:
    ref = f.onset if f.onset is not None else f.end or c.at
    return ref - c.at


def _time_points(cand: Candidate, f: Facts, c: Change) -> None:
    gap = _gap(f, c)
    cand.add(
        0.15,
        "deploy",
        f"{c.describe()} at {clock(c.at)}, {duration(max(gap, 0.0))} before the onset",
        c.at,
    )
    if gap <= 20 * 60:
        cand.add(0.10, "deploy", f"the onset followed it within {duration(max(gap, 0.0))}", c.at)
    elif gap <= 60 * 60:
        cand.add(0.05, "deploy", f"the onset followed it within the hour ({duration(gap)})", c.at)


def _metric_points(cand: Candidate, f: Facts) -> None:
    ep = f.episode
    if ep is not None:
        cand.add(0.15, "metrics", ep.describe(), ep.start)
        if ep.p_value < 1e-12 and ep.pct >= 5 * max(ep.baseline_pct, 0.2):
            cand.add(0.10, "metrics", "a rise far beyond the baseline's noise", ep.start)
        return
    jump = _metric_jump(f)
    if jump is not None:
        cand.add(0.20, "metrics", jump[1], jump[0])


def _metric_jump(f: Facts) -> tuple[float, str] | None:
    from console import events as ev
    from console.analysis.changepoint import SIGNALS

    for name in (ev.TIMEOUT_RATE, ev.ERROR_RATE, ev.LATENCY_P99, ev.WORK_P99):
        s = f.metrics.get(name)
        if s is not None and s.onset is not None:
            spec = SIGNALS[s.name]
            return s.onset.at, (
                f"{spec.label} jumped {spec.fmt(s.onset.baseline)} → {spec.fmt(s.peak)}"
                " at the onset"
            )
    return None


def _failing(f: Facts) -> list[Signature]:
    return [s for s in f.signatures if s.after > s.before] or f.signatures[:3]


def _config_link(cand: Candidate, f: Facts, c: Change) -> float:
    """Points for the strongest connection between a changed key and the errors (added to
    ``cand``); the other keys' connections are named in the same sentence."""
    text = f.incident_text()
    failing = _failing(f)
    endpoints: Counter[str] = Counter()
    for s in failing:
        endpoints.update(s.endpoints)
    links: list[tuple[float, str, bool]] = []
    inert: list[str] = []
    calls = calls_failing(f) or _database_gone(f)
    # What the platform said about the service after the change (OOMKilled "exceeded its
    # memory limit (512Mi)", a pod that could not start) speaks of what the change did.
    said = _platform_text(f, c)
    if said:
        text = f"{text}\n{said}"
    for key, d in c.changes.items():
        link = _key_link(key, d, c, f, text, endpoints, calls)
        if link is None:
            if c.setting != "flag" and _INERT.search(key):
                inert.append(key)
            continue
        links.append(link)
    if inert and not links:
        cand.add(
            0.0,
            "logs",
            f"{', '.join(inert)} changes what is logged or measured, not what is served:"
            " it cannot make requests fail",
        )
    if not links:
        cand.why_not = f"nothing in the errors connects to {c.describe()}"
        return 0.0
    links.sort(key=lambda x: (-x[2], -x[0]))
    pts, reason, strong = links[0]
    if len(links) > 1:
        reason += "; also " + "; ".join(r for _, r, _s in links[1:3])
    if not strong:
        # Shared words are weak evidence: a key whose name happens to match an endpoint, a
        # flag whose words are in errors that are calls to something else failing.
        why = (
            ""
            if "went up" in reason
            else f"; but the errors are calls to {calls} failing, which {c.describe()} does not"
            " govern"
            if calls
            else f"; but nothing says what {c.describe()} changed can make them fail"
        )
        cand.add(0.10, "logs", reason + why + " (shared words only: weak)", f.onset)
        cand.weak = True
        cand.why_not = f"only shared words connect {c.describe()} to the errors" + (
            f"; they are calls to {calls} failing" if calls else ""
        )
        return 0.10
    cand.add(pts, "logs", reason, f.onset)
    _pool_arithmetic(cand, f, c)
    main = next((g for g in _failing(f) if g.explained), None)
    if main is not None and main.before == 0 and main.first_at >= c.at:
        cand.add(
            0.10,
            "logs",
            f'the errors are new since the change: "{main.example[:100]}" first at'
            f" {clock(main.first_at)}",
            main.first_at,
        )
    return pts


def _key_link(
    key: str,
    d: dict[str, Any],
    c: Change,
    f: Facts,
    text: str,
    endpoints: Counter[str],
    calls: str | None = None,
) -> tuple[float, str, bool] | None:
    """The strongest connection of one changed key to the errors: (points, why, strong).
    What a key governs, its value or its name in the errors are strong; shared words are
    strong only for a flag (a feature is an endpoint, a code path) whose errors are not
    calls to something else failing."""
    after = d.get("after")
    if c.setting != "flag" and _INERT.search(key):
        return None
    raised = _raised_headroom(key, d, text)
    if raised:
        return 0.10, raised, False
    # The new value itself in the errors (a new host, a new limit, an error naming it).
    if (
        isinstance(after, str | int | float)
        and not isinstance(after, bool)
        and _value_in(after, key, text)
    ):
        return 0.30, f"the errors carry the new value {key}={after}", True
    if c.setting == "env" and key.lower() in text:
        return 0.35, f"the errors name {key}", True
    if key.lower() in text and re.search(r"[A-Z_]{4,}", key):
        return 0.30, f"the errors name {key}", True
    for domain, key_rx, err_rx in _DOMAINS:
        m = err_rx.search(text) if key_rx.search(key) else None
        if m:
            return (
                0.30,
                f'{key} governs {domain}, and the errors are about it ("{m.group(0)}")',
                True,
            )
    # Shared words are strong only with what the key is about: a flag (a feature is an
    # endpoint, a code path) whose errors are not calls to something else failing; an
    # address whose calls fail to connect.
    strong = (c.setting == "flag" and calls is None) or bool(
        _ADDRESS_KEY.search(key) and _ADDRESS_FAILS.search(text)
    )
    kw = words(key)
    versioned: set[str] = set()
    if c.setting == "flag" and c.resource:
        name = c.resource.split("/", 1)[-1]
        kw |= words(name)
        # A flag's version is part of its name: dynamic-pricing-v3 ↔ pricing/v3/surge.go.
        for ver in re.findall(r"(?<![a-z0-9])(v\d+)\b", name, re.I):
            versioned |= {f"{w} {ver.lower()}" for w in words(name)}
    # The service's own name, in any form (receipt ↔ receipts), says nothing about a key.
    own = {stem(w) for w in words(c.service or "") | words(f.service or "")}
    kw = {w for w in kw if stem(w) not in own}
    stems = {stem(w) for w in kw}
    eps = [ep for ep in endpoints if stems & {stem(w) for w in words(ep)}]
    share = sum(endpoints[e] for e in eps) / max(sum(endpoints.values()), 1)
    # A key about one endpoint among several failing explains only that share; under a
    # third of the failures it does not explain the incident.
    if eps and share >= 0.3:
        return (
            0.30 if share >= 0.5 else 0.20,
            f"{c.resource if c.setting == 'flag' and c.resource else key} is about {eps[0]},"
            f" the endpoint that fails ({share:.0%} of the failures)",
            strong,
        )
    deep = f.incident_text(context=True)
    # A word in any of its forms (substitutions ↔ substitution.v2.SubstitutionRanker), when
    # what is left is long enough not to be a common word of code (stacking ↔ stack trace).
    hit = sorted(w for w in kw if re.search(rf"\b{re.escape(stem(w, 6))}", deep))
    hit += sorted(
        wv
        for wv in versioned
        if re.search(r"\b{}[\w=:/. -]{{0,12}}?\b{}\b".format(*map(re.escape, wv.split())), deep)
    )
    if hit and len(hit) >= min(2, len(kw)):
        what = f"{c.resource} ({key})" if c.setting == "flag" and c.resource else key
        return 0.30, f"the failing errors speak of {', '.join(hit)}, what {what} governs", strong
    return None


def _raised_headroom(key: str, d: dict[str, Any], text: str) -> str:
    """A key that gives headroom, raised: it cannot cause the shortage the errors report (a
    larger pool does not run out sooner, a longer timeout does not time out more)."""
    if not _HEADROOM.search(key) or re.search(r"concurren|min_?|interval|delay", key, re.I):
        return ""
    before, after = database.num(d.get("before")), database.num(d.get("after"))
    if before is None or after is None or after <= before:
        return ""
    if _GROWTH_ERRORS.search(text) and not re.search(r"timeout|deadline", key, re.I):
        return ""
    return (
        f"{key} went up ({d.get('before')} → {d.get('after')}): more headroom cannot cause"
        " the shortage the errors report"
    )


def _platform_text(f: Facts, c: Change) -> str:
    end = (f.onset if f.onset is not None else c.at) + 1800
    return "\n".join(
        ch.text.lower()
        for ch in f.changes
        if ch.kind == "infrastructure"
        and ch.infra in ("oom", "crashloop", "config", "scheduling")
        and c.at <= ch.at <= end
        and _concerns(ch, f)
        and not (ch.obj or "").lower().startswith("node/")
    )


def _value_in(after: str | int | float, key: str, text: str) -> bool:
    """The new value in the errors: a text value (a host, a name) as it is; a number only as
    a number of its own on a line that also speaks of what the key is about (``300`` is in
    many lines; ``pool size 300`` is the pool)."""
    val = str(after).lower()
    if len(val) < 3:
        return False
    if not re.fullmatch(r"-?[\d.]+[a-z]{0,2}", val):
        return val in text
    kw = words(key)
    rx = re.compile(rf"(?<![\w.]){re.escape(val)}(?![\w.])")
    return any(rx.search(line) and kw & words(line) for line in text.splitlines())


def _pool_arithmetic(cand: Candidate, f: Facts, c: Change) -> None:
    conc = database.concurrency(f)
    for key, d in c.changes.items():
        if not database.POOL_KEY.search(key):
            continue
        after, before = database.num(d.get("after")), database.num(d.get("before"))
        if after is not None and conc is not None and conc > after:
            fits = before is not None and conc <= before
            cand.add(
                0.10,
                "logs",
                f"{key} {d.get('after')} is below the {conc:g} concurrent calls seen"
                + (f" (the old {d.get('before')} was enough)" if fits else ""),
                f.onset,
            )
            return


def _release_link(cand: Candidate, f: Facts, c: Change) -> None:
    """A release is at fault when its errors are new, on its version or its new pods."""
    failing = _failing(f)
    total = sum(s.after for s in failing) or 1
    versions: Counter[str] = Counter()
    pods: Counter[str] = Counter()
    for s in failing:
        versions.update(s.versions)
        pods.update(s.pods)
    linked = False
    text = f.incident_text()
    mem = _MEMORY.search(text) or any(
        ch.infra in ("oom", "crashloop") and ch.at >= c.at for ch in f.changes
    )
    # A leak takes its time: memory running out is the release's, however long it ran.
    settled = "" if mem else _settled(f, c)
    if c.version and versions:
        on_new = sum(n for v, n in versions.items() if _same_version(v, c.version))
        if on_new / total >= 0.8 and settled:
            # Every pod had run the new version for a while, cleanly: any failure is on it.
            cand.add(
                0.0,
                "logs",
                f"{on_new} of {total} failures are on {c.version}, but every pod had run it"
                f" cleanly for {settled} before the onset: the version says nothing",
                None,
            )
        elif on_new / total >= 0.8:
            cand.add(
                0.35,
                "logs",
                f"{on_new} of {total} failures are on the new version {c.version}",
                None,
            )
            linked = True
        elif on_new / total < 0.3:
            cand.add(-0.2, "logs", f"the failures are not on {c.version}", None)
    if not linked and pods:
        new_pods = _pods_first_seen_after(f, c.at)
        if new_pods:
            on_new = sum(n for p, n in pods.items() if p in new_pods)
            # Only if old pods served beside them and did not fail: once a rollout replaced
            # every pod, every failure is on a new pod whatever its cause.
            old_serving = _pods_serving_after(f, f.onset) - new_pods
            if on_new / total >= 0.8 and old_serving:
                cand.add(
                    0.30,
                    "logs",
                    f"{on_new} of {total} failures come from pods started after the release",
                    None,
                )
                linked = True
    new_sigs = [s for s in failing if s.before == 0 and s.first_at >= c.at]
    code = next((s for s in new_sigs if _CODE_ERRORS.search(s.example)), None)
    if code is not None:
        cand.add(
            0.25 if not linked else 0.15,
            "logs",
            f'a new error from the code since the release: "{code.example[:120]}"',
            code.first_at,
        )
        linked = True
    elif mem and is_ours(c, f.service):
        cand.add(0.20, "logs", "memory runs out after the release (a leak ships with code)", None)
        linked = True
    elif new_sigs and not linked and not settled and not _outage(f):
        cand.add(
            0.10,
            "logs",
            f'errors never seen before the release: "{new_sigs[0].example[:100]}"',
            new_sigs[0].first_at,
        )
    var = missing_env_var(f, since=c.at, version=c.version)
    if var is not None and is_ours(c, f.service):
        cand.add(
            0.30,
            "logs",
            f"the errors since the release say the {setting_kind(var)} is not set: the"
            " release needs a setting nobody made",
            f.onset,
        )
        cand.category = "config_change"
        cand.subject = var
        cand.missing = var
        linked = True
    code_pts = sum(p.points for p in cand.points if p.points > 0)
    cfg_pts = _config_link(cand, f, c) if c.changes else 0.0
    if cand.weak:
        # Config the release shipped, linked by shared words only: no link of the release's.
        cand.weak, cfg_pts = False, 0.0
    if cfg_pts > 0 and cfg_pts >= code_pts:
        # What the deployment shipped as config explains the errors better than its code.
        cand.category = "config_change"
    linked = linked or cfg_pts > 0
    host = _outage(f)
    only_new = _only_new_version_fails(f, c)
    if host is not None and only_new:
        cand.add(
            0.10,
            "logs",
            f"pods of the previous version reach {host} fine; only {c.version} fails: {only_new}",
            None,
        )
    elif host is not None and not (c.service and c.service in host):
        cand.add(-0.25, "logs", f"the errors are calls to {host} failing, not this release", None)
    load = traffic_rise(f)
    if load is not None and linked and not only_new and _full(f):
        cand.add(
            -0.20,
            "metrics",
            f"requests rose {load[0]:.1f}× at the onset and the errors say the service is full,"
            " on every version alike: load, not this release",
            f.onset,
        )
    if not linked:
        cand.why_not = f"the errors are neither new with {c.describe()} nor on its version"


def _settled(f: Facts, c: Change) -> str:
    """How long every pod had run the release before the onset, when no pod of another
    version served in the ten minutes around it and that was 20 min or more ("" else)."""
    if f.onset is None or not c.version:
        return ""
    onset = f.onset
    last_old = c.at
    for r in f.records:
        if r.version and r.ts < onset + 600 and not _same_version(r.version, c.version):
            if r.ts >= onset - 600:
                return ""
            last_old = max(last_old, r.ts)
    if not any(r.version for r in f.records):
        return ""
    return (duration(onset - last_old) or "") if onset - last_old >= 20 * 60 else ""


def _full(f: Facts) -> bool:
    return bool(_SATURATION.search(f.incident_text()) or database.pool_errors(f))


def traffic_rise(f: Facts) -> tuple[float, str] | None:
    """Requests per second in the ten minutes from the onset against the half hour before,
    when they rose 1.8× or more: (factor, what was counted and the rates)."""
    if f.onset is None or len(f.records) < 100:
        return None
    # Requests, where lines say which endpoint they served: retries and error lines of an
    # outage multiply log lines without a single request more.
    reqs = [r for r in f.records if r.endpoint is not None]
    pool = reqs if len(reqs) >= 0.3 * len(f.records) else f.records
    before = [r for r in pool if f.onset - 1800 <= r.ts < f.onset]
    after = [r for r in pool if f.onset <= r.ts < f.onset + 600]
    if len(before) < 30 or not after:
        return None
    span_b = max(60.0, min(1800.0, f.onset - before[0].ts))
    span_a = max(60.0, min(600.0, after[-1].ts - f.onset))
    rate_b, rate_a = len(before) / span_b, len(after) / span_a
    if rate_a < 1.8 * rate_b:
        return None
    what = "requests" if pool is reqs else "log lines"
    return rate_a / rate_b, f"{what} per second {rate_b:.1f} → {rate_a:.1f}"


_VAR = r"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)"
_KEY = r"([A-Za-z][\w-]*(?:\.[\w-]+)+|[a-z][a-z0-9]*(?:_[a-z0-9]+)+)"  # smtp.relay_url
_MISSING_VAR = (
    re.compile(
        r"(?:missing|required|not set|unset|undefined|empty|no value for|must be set)[^\n]{0,60}?"
        r"\b(?:env(?:ironment)?(?: var(?:iable)?)?|setting|config)\b[^\n]{0,20}?"
        rf"['\"`]?\b{_VAR}\b"
    ),
    re.compile(
        rf"\b{_VAR}\b['\"`]?[^\n]{{0,30}}?"
        r"(?:is not set|not set|is missing|missing|is required|is undefined|is empty|must be set)",
    ),
    re.compile(rf"KeyError: ['\"]{_VAR}['\"]"),
    re.compile(rf"(?:process\.env\.|os\.environ\[['\"]|getenv\(['\"]){_VAR}"),
    # envconfig (Go): "required key SMTP_URL missing value"
    re.compile(rf"required key {_VAR} missing"),
    # Kubernetes: a secret or a key of it that a pod's env refers to and that is not there
    re.compile(r"(secret ['\"]?[\w.-]+['\"]?) not found", re.I),
    re.compile(r"couldn't find (key [\w.-]+ in (?:Secret|ConfigMap) [\w./-]+)"),
    # Spring: "Could not resolve placeholder 'smtp.relay.url'"
    re.compile(r"could not resolve placeholder ['\"]([\w.-]+)['\"]", re.I),
    # a config key by its lower-case name: "config key 'smtp.relay_url' is missing"
    re.compile(
        r"(?:config(?:uration)? (?:key|value|property|option)|setting|property)\s+"
        rf"['\"`]?{_KEY}['\"`]?\s+(?:is\s+)?(?:not set|missing|required|undefined|empty)",
        re.I,
    ),
    re.compile(
        r"missing (?:required )?(?:config(?:uration)?(?: key| value| property)?|setting|secret"
        rf"|property)\s*:?\s*['\"`]?{_KEY}",
        re.I,
    ),
)


def setting_kind(name: str) -> str:
    """A missing setting named in a sentence: ``env var X``, ``config key k``, or the name
    alone when it says what it is (``secret "smtp-creds"``, ``key k in Secret prod/x``)."""
    if re.fullmatch(_VAR, name):
        return f"env var {name}"
    if re.match(r"(?:secret|key) ", name, re.I):
        return name
    return f"config key {name}"


def missing_env_var(f: Facts, since: float | None = None, version: str | None = None) -> str | None:
    """The env var the failing errors say is missing, when they say so; with ``since``, also
    a warning after it (on ``version``, when lines carry one): a service often warns once at
    start-up that a setting is not set, falls back to a default, and fails later."""
    for sig in _failing(f)[:5]:
        var = _missing_in(f"{sig.example} {sig.template}")
        if var is not None:
            return var
    if since is None:
        return None
    end = (f.onset if f.onset is not None else since) + 1800
    for r in f.records:
        if r.ts < since or r.level not in ("WARNING", "ERROR") or r.ts > end:
            continue
        if version and r.version and not _same_version(r.version, version):
            continue
        var = _missing_in(r.text) or _missing_in_fields(r)
        if var is not None:
            return var
    # Kubernetes could not start the new pods: the secret or key their env refers to.
    for ch in f.changes:
        if ch.infra == "config" and since <= ch.at <= end:
            var = _missing_in(ch.text)
            if var is not None:
                return var
    return None


_EMPTY_SETTING = re.compile(
    r"\b(?:key|secret|token|password|credential|setting|variable|config\w*|url|dsn)s?"
    r" (?:is |was )?(?:empty|missing|not set|unset|undefined|blank|not configured)",
    re.I,
)


def _missing_in_fields(r: Any) -> str | None:
    """A line saying a key is empty, that names the env var in a field of its own
    (``"msg": "vendor api key is empty", "env": "KYC_VENDOR_API_KEY"``)."""
    if not _EMPTY_SETTING.search(r.text):
        return None
    for v in r.fields.values():
        if isinstance(v, str) and re.fullmatch(_VAR, v):
            return v
    return None


def _missing_in(text: str) -> str | None:
    for rx in _MISSING_VAR:
        m = rx.search(text)
        if m:
            return m.group(1)
    return None


def _same_version(a: str, b: str) -> bool:
    return a.lstrip("vV") == b.lstrip("vV") or a.endswith(":" + b) or b.endswith(":" + a)


def _all_pods(f: Facts) -> set[str]:
    return {r.pod for r in f.records if r.pod}


def _pods_serving_after(f: Facts, at: float | None) -> set[str]:
    if at is None:
        return set()
    return {r.pod for r in f.records if r.pod and r.ts >= at}


def _pods_first_seen_after(f: Facts, at: float) -> set[str]:
    first: dict[str, float] = {}
    for r in f.records:
        if r.pod and r.pod not in first:
            first[r.pod] = r.ts
    return {p for p, t in first.items() if t >= at}


def _only_new_version_fails(f: Facts, c: Change) -> str:
    """When pods of the previous version served beside the new ones after the onset and
    did not fail: the version is what fails (a sentence saying so), else ""."""
    if f.onset is None or not c.version or not is_ours(c, f.service):
        return ""
    lines = {True: 0, False: 0}
    fails = {True: 0, False: 0}
    end = f.onset + 1800
    for r in f.records:
        if r.ts < f.onset or r.version is None or r.endpoint is None:
            continue
        if r.ts > end:
            break
        new = _same_version(r.version, c.version)
        lines[new] += 1
        fails[new] += r.failed
    if lines[False] < 30 or lines[True] < 30 or not fails[True]:
        return ""
    old_rate, new_rate = fails[False] / lines[False], fails[True] / lines[True]
    if old_rate * 4 >= new_rate:
        return ""
    return f"{new_rate:.0%} of requests on {c.version} pods fail, {old_rate:.1%} on the others"


def _other_service_link(cand: Candidate, f: Facts, c: Change) -> bool:
    """Another service's release counts only when our errors name that service."""
    if not c.service:
        return False
    text = f.incident_text()
    name = c.service.lower()
    hosts = Counter[str]()
    for s in _failing(f):
        hosts.update(s.hosts)
    if name in text or any(name in h or h.split(".")[0] in name for h in hosts):
        what = "this release" if c.kind == "deployment" else "this change"
        cand.add(0.35, "logs", f"the failing errors name {c.service}, which {what} changed", None)
        return True
    return False


def _access(s: Signature) -> bool:
    """A bare access line's signature: a request and its status, no word of why."""
    return not s.explained and bool(s.endpoints) and bool(s.statuses)


def _outage(f: Facts) -> str | None:
    """The upstream host most failing errors name, when they look like calls failing."""
    failing = _failing(f)
    # Shares among the lines that say why they failed: a failed request often logs its
    # error and a bare access line too, which would halve any share.
    total = sum(s.after for s in failing if not _access(s)) or sum(s.after for s in failing)
    if not total:
        return None
    hosts: Counter[str] = Counter()
    for s in failing:
        if _OUTAGE.search(s.example) or any(st >= 500 for st in s.statuses):
            hosts.update({h: n for h, n in s.hosts.items()})
    if not hosts:
        return None
    host, n = hosts.most_common(1)[0]
    return host if n / total >= 0.4 else None


def calls_failing(f: Facts) -> str | None:
    """What most failing lines are calls to, when they cannot reach it: the upstream host,
    else the component a client library's errors name (a broker, a cache), else None."""
    host = _outage(f)
    if host is not None:
        return host
    return _component_down(f, databases=True)


def _database_gone(f: Facts) -> str | None:
    """ "the database" when ≥ 30 % of the failures say it went away (terminated connections,
    read-only, starting up, a failover): calls to something else failing, whatever a flag's
    words have in common with the endpoint."""
    failing = _failing(f)
    total = sum(s.after for s in failing)
    gone = sum(s.after for s in failing if s.explained and _DB_INFRA.search(s.example))
    return "the database" if total and gone / total >= 0.3 else None


def _component_down(f: Facts, *, databases: bool = False) -> str | None:
    failing = _failing(f)
    total = sum(s.after for s in failing)
    down = [s for s in failing if s.explained and _CLIENT_FAILS.search(s.example)]
    n = sum(s.after for s in down)
    if total and down and n / total >= 0.3:
        text = " ".join(f"{s.example} {s.context}" for s in down[:3])
        for name, rx in _COMPONENTS:
            if rx.search(text):
                return name
    # A database's own statement timeouts are not calls failing to reach it.
    down = [s for s in failing if s.explained and _CALL_FAILS.search(s.example)]
    n = sum(s.after for s in down)
    if not total or not down or n / total < 0.3:
        return None
    if databases:
        dbs = Counter[str]()
        for sig in down:
            dbs.update(sig.dbs)
        if dbs:
            return f"the database {dbs.most_common(1)[0][0]}"
        if re.search(r":(?:5432|3306|27017|6379|9042)\b|database|postgres|mysql|jdbc", text, re.I):
            return "the database"
    return None


def change_candidates(f: Facts) -> list[Candidate]:
    out = []
    for c in f.before_onset():
        if c.kind == "infrastructure":
            continue
        ours = is_ours(c, f.service)
        if c.kind == "deployment":
            cand = Candidate("code_change" if ours else "dependency", change=c)
            cand.subject = c.service or ""
            if not ours:
                if not _other_service_link(cand, f, c):
                    continue
            else:
                _release_link(cand, f, c)
        elif not ours:
            # Another service's setting or flag: a cause only when our errors name it.
            cand = Candidate("dependency", change=c)
            cand.subject = c.service or ""
            if not _other_service_link(cand, f, c):
                continue
        else:
            cand = Candidate("config_change", change=c)
            if _config_link(cand, f, c) == 0.0:
                cand.why_not = cand.why_not or f"nothing in the errors connects to {c.describe()}"
        if cand.weak and cand.category == "config_change":
            # Shared words rank a change, they never name it: its timing counts a third.
            weak_pts = [p for p in cand.points if p.source == "logs"]
            cand.points.clear()
            _time_points(cand, f, c)
            for p in cand.points:
                p.points = round(p.points / 3, 3)
            cand.points[:0] = weak_pts
            out.append(cand)
            continue
        if cand.score <= 0 and not any(p.points > 0 for p in cand.points if p.source == "logs"):
            cand.points.clear()
            cand.why_not = cand.why_not or f"nothing in the errors connects to {c.describe()}"
            _time_points(cand, f, c)
            # Timing alone is weak: it only ranks a change, it never names it.
            for p in cand.points:
                p.points = round(p.points / 3, 3)
            out.append(cand)
            continue
        _time_points(cand, f, c)
        _metric_points(cand, f)
        out.append(cand)
    return out


def dependency(f: Facts) -> Candidate:
    c = Candidate("dependency")
    host = _outage(f)
    failing = _failing(f)
    total = sum(s.after for s in failing)
    if host is None:
        comp = _component_down(f)
        if comp is None:
            c.why_not = "no failing upstream host or URL in the errors"
            return c
        down = [s for s in failing if s.explained and _CLIENT_FAILS.search(s.example)]
        n = sum(s.after for s in down)
        c.subject = comp
        c.add(
            0.30,
            "logs",
            f"{n} of {total} failures are calls to {comp} that cannot connect:"
            f' "{down[0].example[:120]}"',
            down[0].first_at,
        )
        c.add(0.20, "deploy", f"no change of ours touches {comp}", None)
        _metric_points(c, f)
        c.why_not = "other evidence explains the symptoms better"
        return c
    n = sum(s.hosts.get(host, 0) for s in failing)
    ex = next(s for s in failing if s.hosts.get(host))
    c.subject = host
    c.add(
        0.35,
        "logs",
        f'{n} of {total} failures are calls to {host}: "{ex.example[:120]}"',
        ex.first_at,
    )
    cert = sum(s.hosts.get(host, 0) for s in failing if _CERT.search(s.example))
    if cert >= 0.5 * n:
        # Its certificate, not its service, is what fails: nothing to roll back, and nothing
        # that waits out by itself; its owner renews it.
        c.category = "infrastructure"
        c.mechanism = "certificate"
        c.add(0.0, "logs", f"the calls fail on the TLS certificate {host} presents", None)
    dbs = {d for s in failing for d in s.dbs}
    ep = f.episode
    healed = ep is not None and ep.end is not None and ep.end - ep.start <= 1800
    if healed and host.split(":")[0].split(".")[0] in dbs:
        # A database of our own that went away and came back is its failover or restart,
        # an infrastructure event to wait out, not a provider's outage to escalate.
        c.add(-0.25, "logs", f"{host} is a database and it came back by itself", None)
    linked = [
        ch
        for ch in f.before_onset()
        if is_ours(ch, f.service)
        and any(host in str(d.get("after", "")).lower() for d in ch.changes.values())
    ]
    if linked:
        c.add(-0.3, "deploy", f"{linked[-1].describe()} pointed the service at {host}", None)
    else:
        c.add(0.20, "deploy", f"no change of ours touches {host}", None)
    for rel in f.before_onset():
        split = _only_new_version_fails(f, rel) if rel.kind == "deployment" else ""
        if split:
            c.add(
                -0.35,
                "logs",
                f"only pods of our release {rel.version} fail to reach {host} ({split}):"
                " it is up for the others",
                None,
            )
            break
    _metric_points(c, f)
    c.why_not = "other evidence explains the symptoms better"
    return c


def infrastructure(f: Facts) -> list[Candidate]:
    out: list[Candidate] = []
    ref = f.onset if f.onset is not None else f.end
    if ref is None:
        return out
    text = f.incident_text()
    near = [
        ch
        for ch in f.changes
        if ch.kind == "infrastructure" and ref - 1800 <= ch.at <= ref + 600 and _concerns(ch, f)
    ]
    for ch in near:
        if ch.infra in ("pod", "config"):
            continue
        c = Candidate("infrastructure", change=ch, subject=ch.obj or ch.infra or "")
        gap = ref - ch.at
        c.add(
            0.25,
            "deploy",
            f"Kubernetes/platform event at {clock(ch.at)}: {ch.text[:140]}"
            + (f" ({duration(abs(gap))} {'before' if gap >= 0 else 'after'} the onset)"),
            ch.at,
        )
        if abs(gap) <= 300:
            c.add(0.10, "deploy", "at the onset itself", ch.at)
        if ch.infra == "failover" and _DB_INFRA.search(text):
            m = _DB_INFRA.search(text)
            c.add(
                0.30,
                "logs",
                f'the errors are the database going away ("{m.group(0) if m else ""}")',
                None,
            )
        elif ch.infra in ("oom", "crashloop") and (
            _MEMORY.search(text)
            or _OUTAGE.search(text)
            or _CONNECT.search(text)
            or any(st >= 500 for s in _failing(f) for st in s.statuses)
        ):
            c.add(0.25, "logs", "the errors are pods dying and restarting", None)
            cause = _node_event_before(ch, near)
            if cause is not None:
                c.add(
                    -0.15,
                    "deploy",
                    f"it follows {cause.describe()[:100]}: a consequence of the node's trouble",
                    None,
                )
        elif ch.infra == "node" and (_OUTAGE.search(text) or _CONNECT.search(text)):
            c.add(0.25, "logs", "the errors are connections to pods going away", None)
        gone = _named_gone(ch, near, text, f.service)
        if gone:
            c.add(
                0.25,
                "logs",
                f"the errors name {gone}, which the platform stopped at the same time",
                None,
            )
        elif ch.infra == "scheduling":
            c.category = "capacity"
            c.add(0.15, "logs", "pods could not be scheduled", None)
        _metric_points(c, f)
        out.append(c)
    said = _DB_INFRA.search(text) and _ELECTION.search(text)
    dbs: Counter[str] = Counter()
    for sig in _failing(f):
        dbs.update(sig.dbs)
    db_share = sum(dbs.values()) / max(f.failures_after, 1)
    ep = f.episode
    healed = ep is not None and ep.end is not None and ep.end - ep.start <= 1800
    if not out and (said or (db_share >= 0.3 and healed)):
        name = dbs.most_common(1)[0][0].split(".")[0] if dbs else "the database"
        c = Candidate("infrastructure", subject=name)
        m = _ELECTION.search(text) or _DB_INFRA.search(text)
        if said:
            c.add(
                0.35,
                "logs",
                f'the errors say {name} failed over ("{m.group(0) if m else ""}")',
                None,
            )
        else:
            c.add(
                0.20,
                "logs",
                f"{db_share:.0%} of the failing lines are calls to the database {name}",
                None,
            )
        _metric_points(c, f)
        if healed and ep is not None and ep.end is not None:
            c.add(
                0.10,
                "metrics",
                f"the errors stopped by {clock(ep.end)}: a transient event that healed",
                ep.end,
            )
        linked = [
            x
            for x in change_candidates(f)
            if x.category in ("config_change", "code_change") and x.score >= 0.3
        ]
        if not linked:
            c.add(0.15, "deploy", "no change of ours connects to the errors", None)
        out.append(c)
    return out


_SATURATION = re.compile(
    r"\b429\b|too many requests|queue (?:is )?full|rejected|overload|saturat|throttl"
    r"|thread pool|worker pool|backpressure|capacity",
    re.I,
)


def _concerns(ch: Change, f: Facts) -> bool:
    """A platform event concerns this service when it is about a node (its pods run on
    nodes), a database, a pod or object of the service, or one its errors name."""
    if ch.obj is None or f.service is None or ch.obj.lower().startswith("node/"):
        return True
    name = ch.obj.split("/", 1)[-1].lower()
    if ch.service is not None and ch.service != f.service and ch.service not in name:
        return name.rsplit("-", 2)[0] in f.incident_text()
    return name.startswith(f.service.lower()) or name.rsplit("-", 2)[0] in f.incident_text()


def _node_event_before(ch: Change, near: list[Change]) -> Change | None:
    """For a pod's crash or restart: a node-level event of minutes before that explains it."""
    if (ch.obj or "").lower().startswith("node/"):
        return None
    for other in near:
        if (
            other is not ch
            and (other.obj or "").lower().startswith("node/")
            and other.infra in ("oom", "node")
            and 0 <= ch.at - other.at <= 600
        ):
            return other
    return None


def _named_gone(ch: Change, near: list[Change], text: str, service: str | None) -> str | None:
    """A pod the errors name (not this service's own) that the platform stopped within
    minutes of ``ch``: a backend the drain took away."""
    for other in near:
        if other.infra != "pod" or other.obj is None or abs(other.at - ch.at) > 600:
            continue
        name = other.obj.split("/", 1)[-1].lower()
        stem = re.sub(r"-(?:[a-z0-9]{8,10}-)?[a-z0-9]{5}$|-\d+$", "", name)
        if len(stem) >= 4 and stem != (service or "").lower() and stem in text:
            return other.obj.split("/", 1)[-1]
    return None


def traffic_capacity(f: Facts) -> Candidate:
    """More requests than the service can take: volume up, and errors saying it is full."""
    c = Candidate("capacity", subject="traffic")
    rise = traffic_rise(f) if f.onset is not None else None
    if rise is not None:
        c.add(0.30, "metrics", f"traffic rose {rise[0]:.1f}× ({rise[1]})", f.onset)
        m = _SATURATION.search(f.incident_text())
        if m or database.pool_errors(f):
            c.add(
                0.25,
                "logs",
                f'the errors say the service is full ("{m.group(0) if m else "pool"}")',
                None,
            )
        linked = [
            x.change.describe()
            for x in change_candidates(f)
            if x.change is not None and any(p.source == "logs" and p.points > 0 for p in x.points)
        ]
        if not linked:
            c.add(0.15, "deploy", "no change of ours before the onset connects to the errors", None)
        if m or database.pool_errors(f):
            _metric_points(c, f)
    c.why_not = "traffic did not rise" if not c.points else "other evidence explains it better"
    return c


_CLAIM = re.compile(r"(?:ROOT CAUSE|PRIMARY ISSUE|PROBABLE CAUSE|LIKELY CAUSE)\s*:\s*(.+)", re.I)
_CLAIM_CATEGORY = (
    ("missing_index", re.compile(r"index|full table scan|query plan", re.I)),
    ("capacity", re.compile(r"pool|max_connections|capacity|connections|scal", re.I)),
    ("config_change", re.compile(r"config|setting|flag|env", re.I)),
    ("dependency", re.compile(r"upstream|dependency|provider|third.party|outage", re.I)),
    ("infrastructure", re.compile(r"failover|node|oom|kubernetes|infrastructure", re.I)),
    ("code_change", re.compile(r"bug|regression|leak|code|release", re.I)),
)


def claims(texts: Iterable[tuple[float, str]]) -> list[tuple[float, str, str]]:
    """An agent log's own ROOT CAUSE / PRIMARY ISSUE lines: (time, category, the line)."""
    out = []
    for ts, text in texts:
        for line in text.splitlines():
            m = _CLAIM.search(line)
            if not m:
                continue
            said = m.group(1).strip()
            for cat, rx in _CLAIM_CATEGORY:
                if rx.search(said):
                    out.append((ts, cat, said[:160]))
                    break
    return out
