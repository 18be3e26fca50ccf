"""Service log lines as records, and their errors as signatures (normalised templates).

Real services put the cause of an error in many places: ``message``/``msg``/``event``, but
also ``error``, ``err``, ``exception``, ``error.message``, ``stack_trace`` and nested objects
(ECS, OpenTelemetry, pino's ``err``). A record gathers the text of all of them, the endpoint,
the HTTP status, the version and pod, and the upstream host or URL an error names. Fields are
read defensively: the parser may leave a nested level or an OTel body in ``fields``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from console import events as ev
from console.analysis.rca.changes import OTHER_CHANGE_KINDS
from console.parse.timestamps import parse_time_value

_UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", re.I)
_IP = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b")
_URL = re.compile(r"\b[a-z][a-z0-9+.-]*://[^\s'\"<>,)]+", re.I)
_HEX = re.compile(r"\b(?:0x)?[0-9a-f]*\d[0-9a-f]*[a-f][0-9a-f]*\b|\b[0-9a-f]{12,}\b", re.I)
_NUM = re.compile(r"[-+]?\d+(?:[.,]\d+)*")
_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_ID_TOKEN = re.compile(r"\b[A-Za-z]+[-_]\d[\w-]*")  # ORDER-123, pod-abc-1, req_77
_POD = re.compile(r"\b[a-z][a-z0-9-]*-[a-f0-9]{6,10}-[a-z0-9]{5}\b")
_SPACE = re.compile(r"\s+")

# Hosts named in error text: a URL, host='x', "dial tcp x:443", "connect to x:5432".
_HOST_IN_TEXT = (
    re.compile(r"\b[a-z][a-z0-9+.-]*://([A-Za-z0-9_.-]+)", re.I),
    re.compile(r"\bhost=['\"]?([A-Za-z0-9_.-]+)", re.I),
    re.compile(
        # (a verb of the text, not a path's last word: "/api/returns/lookup django.db...")
        r"(?<!/)\b(?:dial tcp|connect(?:ing)? to|lookup|ECONNREFUSED|ETIMEDOUT|ENOTFOUND"
        r"|EAI_AGAIN|ECONNRESET|resolve host:?|calling|call to|request to"
        r"|UnknownHostException:|NXDOMAIN(?: for)?|failed to resolve|getaddrinfo \w+)\s+"
        r"['\"]?([A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)+(?::\d+)?"
        r"|[A-Za-z][A-Za-z0-9_-]*:\d+)",
        re.I,
    ),
    # .NET: "No such host is known. (api.carrier.example:443)"
    re.compile(r"no such host is known\.?\s*\(([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+)", re.I),
)
# A database named by its port in the error text (Mongo, Postgres, MySQL, Redis, Cassandra).
_DB_MEMBER = re.compile(
    r"\b([A-Za-z][A-Za-z0-9_.-]*):(?:27017|5432|3306|6379|9042)\b"
    r"|connection to server at \"([A-Za-z][A-Za-z0-9_.-]*)\""  # libpq's own words
)
_ORDINAL = re.compile(r"-\d+$")
_URL_TAILS = frozenset({"url", "uri", "href", "endpoint"})
_UPSTREAM_KEYS = (
    "upstream",
    "upstream_host",
    "upstream_url",
    "upstream.host",
    "peer.service",
    "server.address",
    "net.peer.name",
    "destination.address",
    "url.full",
    "http.url",
    "target",
    "target_url",
    "dependency",
    "remote_host",
    "downstream",
    "provider",
    "host_upstream",
    "callee",
    "external_service",
    "endpoint_url",
)
# A client library's own field for the server it talks to (``amqp.host``, ``redis.addr``,
# ``kafka.brokers``, ``grpc_target``): the upstream, unless the prefix is this process
# itself (``host.name``) or the caller (``client.address``, ``source.ip``).
_PEER_FIELD = re.compile(
    r"^(?!host[._]|client[._]|source[._]|http[._]request|req[._]|request[._]|res[._]"
    r"|response[._]|user_agent|labels\.pod|.*headers[._])"
    r"[A-Za-z][\w.-]*[._](?:host|hostname|addr|address|brokers?|server|servers|target|peer)$",
    re.I,
)
_ERROR_KEYS = frozenset(
    {
        "error",
        "err",
        "exception",
        "exc",
        "exc_info",
        "stack_trace",
        "stacktrace",
        "stack",
        "traceback",
        "cause",
        "error_message",
        "errormessage",
        "error_msg",
        "reason",
        "failure",
        "error.message",
        "error.type",
        "error.stack_trace",
        "exception.message",
        "exception.type",
        "exception.stacktrace",
        "err.message",
        "err.type",
        "err.stack",
        "error.kind",
    }
)
_DB_KEYS = (
    "db_host",
    "db.host",
    "database_host",
    "db.instance",
    "db_instance",
    "pg_host",
    "database.host",
    "db.server.address",
    "db_server",
    "datasource",
    "db.connection_string",
    "redis_host",
    "redis_addr",
    "mongo_host",
    "mongodb_host",
    "mysql_host",
    "postgres_host",
    # A replica set or cluster names the database better than any one member.
    "replset",
    "replica_set",
    "replicaset",
    "db.mongodb.replica_set",
    "cluster",
    "db",  # by its name ("db": "identity-pg"); a Redis index is a number, never a name
)
_MESSAGE_KEYS = ("message", "msg", "event", "body", "Body", "log")
_ENDPOINT_KEYS = (
    "http.route",
    "route",
    "endpoint",
    "path",
    "url.path",
    "http.target",
    "http.path",
    "request_path",
    "request.path",
    "uri",
    "request_uri",
    "req.url",
    "req.path",
    "url",
    "request.url",
    "handler",
    "operation",
    "rpc.method",
    "method_name",
)
_STATUS_KEYS = (
    "status",
    "status_code",
    "statusCode",
    "http.status_code",
    "http.response.status_code",
    "res.statusCode",
    "response.status",
    "response.status_code",
    "http_status",
    "code",
    "http.status",
)
_VERSION_KEYS = (
    "version",
    "service.version",
    "app_version",
    "app.version",
    "release",
    "build",
    "image_tag",
    "git_sha",
    "commit",
    "deployment.version",
    "service_version",
)
_POD_KEYS = (
    "pod",
    "pod_name",
    "k8s.pod.name",
    "kubernetes.pod.name",
    "kubernetes.pod_name",
    "hostname",
    "host.name",
    "instance",
    "container.id",
    "host",
)
_SERVICE_KEYS = ("service", "service.name", "app", "application", "name", "service_name")
_LEVEL_KEYS = ("log.level", "SeverityText", "severityText", "severity_text", "severity")
_NOT_PEER = frozenset(_POD_KEYS) | frozenset(_DB_KEYS)  # this process, or a database of ours
_TIME_KEYS = ("Timestamp", "timeUnixNano", "time_unix_nano", "ObservedTimestamp")
_PINO = {10: "DEBUG", 20: "DEBUG", 30: "INFO", 40: "WARNING", 50: "ERROR", 60: "CRITICAL"}


@functools.lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """A message with its variable parts (ids, hosts, numbers, quoted values) blanked out."""
    out = _URL.sub("<url>", text)
    out = _UUID.sub("<id>", out)
    out = _IP.sub("<ip>", out)
    out = _POD.sub("<pod>", out)
    out = _QUOTED.sub('"<s>"', out)
    out = _ID_TOKEN.sub("<id>", out)
    out = _HEX.sub("<hex>", out)
    out = _NUM.sub("<n>", out)
    return _SPACE.sub(" ", out).strip()[:200]


def flatten(fields: Mapping[str, Any], prefix: str = "", depth: int = 0) -> dict[str, Any]:
    """Nested objects as dotted keys (``{"error": {"message": m}}`` → ``error.message``)."""
    out: dict[str, Any] = {}
    for k, v in fields.items():
        key = f"{prefix}{k}"
        if type(v) is dict and depth < 3:  # JSON objects are dicts: no ABC check per value
            out.update(flatten(v, key + ".", depth + 1))
        else:
            out[key] = v
    return out


@dataclass(slots=True)
class Record:
    ts: float
    level: str  # ERROR | WARNING | INFO | DEBUG (normalised)
    message: str
    error_text: str  # the first line of every error field, joined
    fields: Mapping[str, Any]
    endpoint: str | None = None
    status: int | None = None
    host: str | None = None  # the upstream host or URL an error names
    version: str | None = None
    pod: str | None = None
    service: str | None = None
    db: str | None = None  # the database host a failing line names
    detail: str = ""  # a text log's continuation lines (its stack trace), failing lines only

    @property
    def failed(self) -> bool:
        return self.level == "ERROR" or (self.status is not None and self.status >= 500)

    @property
    def text(self) -> str:
        return f"{self.message} {self.error_text}".strip()

    @property
    def template(self) -> str:
        return _template(self.message, self.error_text)


@functools.lru_cache(maxsize=8192)
def _template(message: str, error_text: str) -> str:
    msg = normalise(message)
    err = normalise(error_text) if error_text else ""
    return f"{msg} | {err}" if err and err != msg else msg


_EXC_LINE = re.compile(r"[A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Warning|Fault)\b")


def _first_line(value: Any) -> str:
    """The line of an error that says what it is (a Python traceback says it last)."""
    if isinstance(value, list | tuple):
        value = " ".join(str(v) for v in value[:3])
    text = str(value).strip()
    if not text:
        return ""
    lines = text.splitlines()
    if lines[0].startswith("Traceback"):
        last = [ln for ln in lines if ln.strip() and not ln.startswith((" ", "\t"))]
        # The exception's own line, not what its message continues with (SQLAlchemy adds
        # "[SQL: ...]" and "(Background on this error at: ...)" lines after it).
        exc = [ln for ln in last if _EXC_LINE.match(ln)]
        return (exc or last or lines)[-1][:300]
    return lines[0][:300]


def service_of(fields: Mapping[str, Any]) -> str | None:
    """The service a log line names: ``service``, ``service.name`` or ECS's nested object."""
    v = fields.get("service")
    if isinstance(v, Mapping):
        v = v.get("name")
    if v is None:
        v = fields.get("service.name")
    return v if isinstance(v, str) and v else None


def _level(e: ev.LogLine, f: Mapping[str, Any]) -> str:
    raw: Any = None
    for key in _LEVEL_KEYS:
        if key in f:
            raw = f[key]
            break
    if raw is None and isinstance(f.get("level"), int):
        raw = _PINO.get(f["level"])
    if raw is None and isinstance(f.get("SeverityNumber"), int):
        n = f["SeverityNumber"]
        raw = "ERROR" if n >= 17 else "WARNING" if n >= 13 else "INFO"
    level = (str(raw) if raw is not None else e.level).upper()
    if level in ev.ERROR_LEVELS or level in ("ERR", "SEVERE", "EMERGENCY", "ALERT", "CRIT"):
        return "ERROR"
    if level in ev.WARNING_LEVELS:
        return "WARNING"
    if level in ("DEBUG", "TRACE", "FINE", "FINER", "FINEST"):
        return "DEBUG"
    return "INFO"


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


_PATH_ID = re.compile(r"/(?:\d+|[0-9a-f]{8}-[0-9a-f-]{27,}|[0-9a-f]{16,})(?=/|$)", re.I)


def endpoint_of(value: Any) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    path = (
        _URL.sub(lambda m: "/" + m.group(0).split("/", 3)[-1], value) if "://" in value else value
    )
    path = path.split("?", 1)[0]
    if not path.startswith("/") and " " in path:
        _verb, _, rest = path.partition(" ")
        path = rest if rest.startswith("/") else path
    return _PATH_ID.sub("/:id", path)[:80]


# Links to documentation in an error ("Background on this error at: https://sqlalche.me/...")
# name no host the service calls.
_DOC_LINK = re.compile(
    r"(?:background on this error at|see|docs?|documentation|more info\w*|for details|help)"
    r"\s*:?\s*\(?\s*[a-z][a-z0-9+.-]*://\S+",
    re.I,
)
_DOC_HOSTS = re.compile(r"^(?:docs?\.|.*\bsqlalche\.me$|.*stackoverflow\.com$|.*github\.com$)")


def host_in(text: str) -> str | None:
    if "://" in text:
        text = _DOC_LINK.sub(" ", text)
    for rx in _HOST_IN_TEXT:
        m = rx.search(text)
        if m:
            host = m.group(1).rstrip(".").lower()
            if (
                host
                and not host.startswith("<")
                and host not in ("localhost", "127.0.0.1")
                and not _DOC_HOSTS.match(host)
            ):
                return host
    return None


_MEMBER = re.compile(r"^([a-z][a-z0-9-]*)-\d+\.(\1)\.")


def member_set(host: str) -> str:
    """A StatefulSet member by its set (``rabbitmq-prod-2.rabbitmq-prod.messaging.svc`` →
    ``rabbitmq-prod.messaging.svc``): a cluster's members fail together, as one upstream."""
    return host.split(".", 1)[1] if _MEMBER.match(host) else host


_REQUEST_IN_TEXT = re.compile(
    r"\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/[^\s\"?]*)[^\s\"]*"
    r"(?:\s+HTTP/[\d.]+\"?)?(?:\s*(?:->|=>|returned|status[=:]?|-)\s*|\s+)([1-5]\d\d)\b"
    r"|\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/[^\s\"?]*)"
)


_ERROR, _PEER = 1, 2


@functools.lru_cache(maxsize=4096)
def _key_role(k: str) -> int:
    """What a field is to the analysis: an error's text, a peer's address, or neither
    (cached: a log repeats the same few dozen keys on every line)."""
    if _is_error_key(k):
        return _ERROR
    if _PEER_FIELD.match(k) and k not in _NOT_PEER:
        return _PEER
    return 0


# An error object's parts under other names: logstash's exception.exception_message,
# errorMessage, error.cause, failure_reason, exc_type...
_ERROR_PART = re.compile(
    r"(?:^|[._])(?:err(?:or)?|exc(?:eption)?|failure|fault)s?[._]?"
    r"(?:message|msg|class|type|reason|stack_?trace|stack|trace|cause|detail|description|text)$"
)
_ERROR_HEADS = ("error.", "err.", "exception.", "exc.")


def _is_error_key(k: str) -> bool:
    low = k.lower()
    tail = low.rsplit(".", 1)[-1]
    return (
        low in _ERROR_KEYS
        or tail in _ERROR_KEYS
        or (low.endswith(".message") and ("err" in low or "exception" in low))
        or _ERROR_PART.search(low) is not None
        or (low.startswith(_ERROR_HEADS) and tail in ("cause", "detail", "details", "reason"))
    )


def _first_str(f: Mapping[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        v = f.get(key)
        if isinstance(v, str) and v and any(ch.isalpha() for ch in v):
            return v
    return None


def record(e: ev.LogLine) -> Record:
    raw = e.fields or {}
    # Most lines are flat: copy nothing and walk nothing for them.
    f = flatten(raw) if any(type(v) is dict for v in raw.values()) else raw
    ts = e.ts
    if "timeUnixNano" in f or "Timestamp" in f:
        for key in _TIME_KEYS:
            if key in f:
                t = parse_time_value(f[key])
                if t is not None:
                    ts = t
                    break
    message = e.message
    if message.startswith("{") and ("Body" in f or "body" in f):
        message = str(f.get("Body", f.get("body")))
    level = _level(e, f)
    rec = Record(ts=ts, level=level, message=message, error_text="", fields=f)
    for key in _ENDPOINT_KEYS:
        v = f.get(key)
        if v:
            ep = endpoint_of(v)
            if ep and ep.startswith("/"):
                rec.endpoint = ep
                break
    for key in _STATUS_KEYS:
        v = f.get(key)
        if v is not None:
            st = _int(v)
            if st is not None and 100 <= st <= 599:
                rec.status = st
                break
    if rec.endpoint is None and e.fmt != "json" and "/" in message:
        # A text log's request line: "POST /api/v1/x -> 503 in 12 ms", "GET /x HTTP/1.1" 502.
        m = _REQUEST_IN_TEXT.search(message)
        if m:
            rec.endpoint = endpoint_of((m.group(1) or m.group(3)).rstrip(":,;.)"))
            if m.group(2) and rec.status is None:
                rec.status = int(m.group(2))
    for key in _VERSION_KEYS:
        v = f.get(key)
        if isinstance(v, str | int | float) and not isinstance(v, bool) and str(v):
            rec.version = str(v)
            break
    rec.pod = _first_str(f, _POD_KEYS)
    rec.service = _first_str(f, _SERVICE_KEYS)
    if rec.failed or level == "WARNING":
        errors: list[str] = []
        peers: list[str] = []
        for k, v in f.items():
            role = _key_role(k)
            if not role or v is None or v == "" or isinstance(v, bool | int | float):
                continue
            if role == _ERROR:
                line = _first_line(v)
                if line:
                    errors.append(line)
            elif isinstance(v, str):
                peers.append(v)
        if e.detail:
            # A text log's exception follows its line: Java's first, Python's last.
            rec.detail = "\n".join(e.detail)[:2000]
            line = _first_line(rec.detail)
            if line:
                errors.append(line)
        rec.error_text = " ".join(dict.fromkeys(errors))[:500]
        if rec.failed:  # only failing lines make signatures: a warning needs its text alone
            _locate(rec, f, peers)
    return rec


def _locate(rec: Record, f: Mapping[str, Any], peers: list[str]) -> None:
    """The upstream host and the database a failing line names."""
    # A host with a domain or a port (api.paynova.com) names the upstream better than a
    # bare label (provider=paynova): the first such wins, else the first of any.
    # ECS and others nest custom fields (labels.db_host): their last part counts too.
    tails = {k.rsplit(".", 1)[-1]: v for k, v in f.items() if "." in k}
    found: list[str] = []
    for key in _UPSTREAM_KEYS:
        v = f.get(key) or tails.get(key)
        if isinstance(v, str) and v:
            h = host_in(v) if "://" in v else v.split(":")[0].lower()
            if h:
                found.append(h)
    in_text = host_in(rec.text)
    if in_text:
        found.append(in_text)
    for v in peers:
        h = host_in(v) if "://" in v else v.split(",")[0].split(":")[0].lower()
        if h and not h.replace(".", "").isdigit() and h != rec.pod:
            found.append(h)
    # An error object's own URL (pino's err.url, the AWS SDK's Endpoint): the call that
    # failed.
    for k, v in tails.items():
        if k.lower() in _URL_TAILS and isinstance(v, str) and "://" in v:
            h = host_in(v)
            if h:
                found.append(h)
    # A top-level absolute URL beside an error the line explains (requests' "Name or
    # service not known" with url=https://api.x/...): the call that failed. An access
    # log's bare 500 explains nothing, so its own URL is never taken for an upstream.
    if rec.error_text:
        for k in _URL_TAILS:
            v = f.get(k)
            if isinstance(v, str) and "://" in v:
                h = host_in(v)
                if h:
                    found.append(h)
    # A top-level "host" is the upstream in some loggers' lines, the pod's own name in
    # others: a domain name that is not the pod's nor the service's counts.
    own = f.get("host")
    if (
        isinstance(own, str)
        and "." in own
        and not own.replace(".", "").isdigit()
        and own != rec.pod
        and not (rec.service and own.startswith(rec.service))
    ):
        found.append(own.lower())
    host = next((h for h in found if "." in h or ":" in h), found[0] if found else None)
    rec.host = None if host is None else member_set(host)
    db = _first_str(f, _DB_KEYS) or _first_str(tails, _DB_KEYS)
    if not db:
        m = _DB_MEMBER.search(rec.text) or _DB_MEMBER.search(rec.host or "")
        # A member of a set (sessions-mongo-0.sessions-mongo:27017): the set is the name.
        db = _ORDINAL.sub("", (m.group(1) or m.group(2)).split(".")[0]) if m else None
    if db:
        rec.db = db.split("@")[-1].split(":")[0].split("/")[0].lower()


def records(events: Iterable[ev.Event]) -> list[Record]:
    """The service log lines (JSON or logfmt shapes, not the agent's narrative) as records."""
    out = [
        record(e)
        for e in events
        if isinstance(e, ev.LogLine)
        and e.fmt != "agent"
        and not (e.fields and (e.fields.get("kind") in CHANGE_KINDS or _is_k8s(e.fields)))
    ]
    out.sort(key=lambda r: r.ts)
    return out


# Lines that are change records or Kubernetes Events, not the service's own log.
CHANGE_KINDS = frozenset({"Event", "deployment", "config_change"}) | OTHER_CHANGE_KINDS


def _is_k8s(fields: Mapping[str, Any]) -> bool:
    return "reason" in fields and (
        fields.get("kind") == "Event"
        or any(k.startswith(("involvedObject", "regarding")) for k in fields)
    )


_NOT_CONTEXT = ("time", "timestamp", "@timestamp", "ts", "trace", "span", "request_id", "req.id")


def context(r: Record) -> str:
    """A failing line's text beyond its message: field names and values, whole stack traces
    (``pricing/engine-v2.js`` ties an error to a flag called new-pricing-engine)."""
    parts = [r.detail] if r.detail else []
    for k, v in r.fields.items():
        if k.startswith(_NOT_CONTEXT) or isinstance(v, bool) or v is None:
            continue
        parts.append(f"{k}={str(v)[:600]}")
    return " ".join(parts)[:2000]


# --- signatures ---------------------------------------------------------------------------


@dataclass
class Signature:
    """One error template: how often before and after the onset, where, and an example."""

    template: str
    example: str
    before: int = 0
    after: int = 0
    first_at: float = 0.0
    last_at: float = 0.0
    endpoints: Counter[str] = field(default_factory=Counter)
    hosts: Counter[str] = field(default_factory=Counter)
    versions: Counter[str] = field(default_factory=Counter)
    pods: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    dbs: Counter[str] = field(default_factory=Counter)
    context: str = ""  # the first failing line's other text: fields, stack frames
    explained: bool = False  # its lines say why they failed (an access log's 5xx does not)
    first_after: float | None = None  # its first line at or after the onset

    @property
    def new(self) -> bool:
        return self.before == 0


def signatures(
    recs: list[Record], onset: float | None, *, window_s: float = 3600.0
) -> list[Signature]:
    """Failed records grouped by template, counted before and after the onset.

    Sorted by how much each grew after the onset (the incident's own errors first)."""
    out: dict[str, Signature] = {}
    for r in recs:
        if not r.failed:
            continue
        if onset is not None and r.ts < onset - window_s:
            continue
        t = r.template
        s = out.get(t)
        if s is None:
            s = out[t] = Signature(
                t, r.text[:240], first_at=r.ts, context=context(r), explained=bool(r.error_text)
            )
        s.last_at = r.ts
        if onset is not None and r.ts < onset:
            s.before += 1
            continue
        s.after += 1
        if s.first_after is None:
            s.first_after = r.ts
        if r.endpoint:
            s.endpoints[r.endpoint] += 1
        if r.host:
            s.hosts[r.host] += 1
        if r.version:
            s.versions[r.version] += 1
        if r.pod:
            s.pods[r.pod] += 1
        if r.status is not None:
            s.statuses[r.status] += 1
        if r.db:
            s.dbs[r.db] += 1
    return sorted(out.values(), key=lambda s: (-(s.after - s.before), s.first_at, s.template))


@dataclass
class EndpointImpact:
    endpoint: str
    failed: int
    total: int
    baseline_pct: float

    @property
    def pct(self) -> float:
        return 100.0 * self.failed / self.total if self.total else 0.0


def endpoint_impact(recs: list[Record], onset: float, end: float) -> list[EndpointImpact]:
    """Per endpoint: share failing after the onset, and before it (worst first)."""
    before: dict[str, list[int]] = {}
    after: dict[str, list[int]] = {}
    for r in recs:
        if r.endpoint is None:
            continue
        side = before if r.ts < onset else after if r.ts <= end else None
        if side is None:
            continue
        c = side.setdefault(r.endpoint, [0, 0])
        c[1] += 1
        c[0] += int(r.failed)
    out = []
    for ep, (bad, total) in after.items():
        b = before.get(ep, [0, 0])
        out.append(EndpointImpact(ep, bad, total, 100.0 * b[0] / b[1] if b[1] else 0.0))
    out.sort(key=lambda x: (-(x.pct - x.baseline_pct), x.endpoint))
    return out
