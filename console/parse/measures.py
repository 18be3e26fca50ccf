"""What a log record's fields measure, and in which unit.

A field is read by its name (and, where loggers differ, by the type of its value): every
duration becomes milliseconds under a name saying what it timed, an HTTP status becomes an
``http_status`` sample (DerivedMetrics turns them into error and request rates), and a
service's name is found under ECS's and OpenTelemetry's dotted paths as well as ``service``.
"""

from __future__ import annotations

import math
import re
from http import HTTPStatus
from typing import Any, Final

from console import events as ev

# Field roles.
TIME: Final = 1
LEVEL: Final = 2
MESSAGE: Final = 3
DURATION: Final = 4
STATUS: Final = 5
SERVICE: Final = 6
SCOPE: Final = 7
GAUGE: Final = 8

# Level scales (the third item of a LEVEL role), see levels.py.
WORD: Final = "word"

# Duration units: milliseconds per unit; AUTO: the logger's convention, told by the value
# (a string carries its unit, ``"1.5ms"``; a float is seconds, as zap's default encoder and
# Python's timers write; an integer of 100000 or more is nanoseconds, as Go's
# time.Duration marshals, a smaller one milliseconds).
S: Final = 1000.0
MS: Final = 1.0
US: Final = 0.001
NS: Final = 0.000001
AUTO: Final = -1.0
TEXT: Final = -2.0  # only a string with its unit (Heroku's service=18ms; a name otherwise)
# Seconds written with a fraction (an LDAP server's "etime=0.000450"): a whole number under
# the same name is something else (an epoch end time beside a "stime").
FRACTION_S: Final = -4.0
# AUTO's reading in a record of Go slog's shape, decided per record (jsonlines' _slog_unit):
# slog writes a time.Duration as integer nanoseconds, however small. (The sentinels are
# kept apart here, in one place: two of one value would read one unit as the other.)
SLOG_AUTO: Final = -3.0

HTTP_STATUS: Final = "http_status"
RESPONSE_BYTES: Final = "response_bytes"
# Per-request durations (one request is not the service's average): DerivedMetrics averages
# the first of these a line has into latency_avg_ms.
REQUEST_DURATIONS: Final = frozenset(
    {
        "latency_ms",
        "duration_ms",
        "response_time_ms",
        "elapsed_ms",
        "request_duration_ms",
        "request_time_ms",
    }
)
# The upstream's answer time a proxy logs ($upstream_response_time): its request's time
# when the line states no other (derived.latency_tier).
UPSTREAM_MS: Final = "upstream_time_ms"
# A served request's time where its status says none was sent: 0 or -1 (Traefik's access
# log and kube-apiserver's httplog when the client left or the connection was hijacked,
# Grafana's websocket). A served request's duration all the same (the latency panel's), in
# no status count; kept under its own name so the series says what it is.
UNANSWERED_MS: Final = "unanswered_ms"
# A proxied TCP connection's life (Envoy's TCP proxy record): kept, never a request's latency
CONNECTION_MS: Final = "connection_ms"
_NO_STATUS: Final = frozenset({0, -1, "0", "-1", "000"})


def no_status_sent(key: str, value: Any, solr: bool = False) -> bool:
    """Is a status field's value the "no status was sent" of a request log: -1, nginx's
    ``"000"`` (its ``$status`` when it sent none), or 0 (Grafana's ``Request Completed ...
    status=0``, a websocket's hijacked connection); not a bare ``status`` of 0 in a record
    of Solr's (``solr``: its ``QTime`` beside), whose ``status=0`` is its success."""
    if type(value) is bool or type(value) not in (int, str) or value not in _NO_STATUS:
        return False
    return key != "status" or not solr or value == -1 or value == "-1" or value == "000"


# A served request's time where the log states its success in its own terms, no HTTP
# status (Solr's request line "status=0 QTime=6": 0 is its success, answered with HTTP 200):
# one request answered, no error, in no status list. Its own name, as UNANSWERED_MS has.
SERVED_OK_MS: Final = "served_ok_ms"


def unanswered(samples: list[tuple[str, float, str]]) -> None:
    """A request with no status sent: its first request duration renamed UNANSWERED_MS."""
    for i, (name, value, scope) in enumerate(samples):
        if name in REQUEST_DURATIONS:
            samples[i] = (UNANSWERED_MS, value, scope)
            return


# A database's statement durations: a line's work time when it has no request duration (a
# database log's work is its queries'), for DerivedMetrics and the real-log check alike.
QUERY_DURATIONS: Final = frozenset({"query_duration_ms", "query_ms"})
# A view's render time (Rails' ActionView ``Rendered ... (1.2ms)``): a part of a request's
# time, whose whole its own line says; kept as a measure, never a request's latency.
RENDER_MS: Final = "render_ms"
# A step timed inside a request that its own closing line times whole (Rails 2's Markdown
# renderer under "Processing ...": "Maruku took 0.00068 seconds."): kept, never a request's.
STEP_MS: Final = "step_ms"
# A test's, a test run's, a build's or a build step's time as its runner prints it
# (testtimes): work done for someone, the work time (as a query's) where no request is
# timed. (As a bare "duration_ms" in a text line it named no work and went
# uncounted.)
TASK_MS: Final = "task_ms"
# A whole run's or build's time (pytest's summary, googletest's totals, XCTest's suite, Jest's
# "Time:", Bazel's elapsed time): the work time's last choice, taken only in a minute that
# times nothing else (beside its tests' own times it would swamp them).
RUN_MS: Final = "run_ms"

# The names a duration of anything goes by (a logfmt record's ``duration=``, "took 68ms"). With
# no status beside it such a duration is a request's only when its line names work served: a
# request, a query, a job. Otherwise it times the program's own operation (kube-proxy's
# ``syncProxyRules took 68ms``, Jenkins' periodic work, a GC pause, Grafana's ``Update check
# succeeded duration=84ms``, a CI step's ``took 3737s``): kept as the line's sample, never the
# latency panel's, where a sync loop's p99 would be judged against the service's SLO.
GENERIC_DURATIONS: Final = frozenset({"duration_ms", "elapsed_ms"})
# Delayed Job's worker's name in brackets ("[Worker(delayed_job host:x pid:61869)] "), the
# name its group.
DELAYED_JOB_WORKER: Final = r"\[Worker\(([^)\n]*pid:\d+)\)\] "
# A class that runs jobs' steps, named for it, in a line (its logger's name: SonarQube's
# Compute Engine, "[o.s.c.t.s.ComputationStepExecutor] Extract report | status=SUCCESS |
# time=54ms", a "%c{1} - " layout's "StepExecutor - ..."; or a message naming it): its
# lines time work, a job's (_WORK_SAID, _JOB_SAID)
_RUNNER_NAME: Final = (
    r"(?:^|[a-z.\[ ])(?:[A-Z]\w*)?(?:Step|Task|Job)(?:Executor|Runner|Worker|Processor)\b"
)
# A request's method and its target, a path, a URL: what _WORK_SAID reads first. Not a file's
# path (Airflow's "Processing /opt/airflow/dags/etl.py took 1.222 seconds", a program reading
# its own files): two directories deep or more under a file system's top directories (a
# route is seldom so: "/home/feed", "/dev/users" stay routes), or a program's source file.
_SERVED_SAID: Final = (
    r"(?:^|[\s\"'(\[])(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) +\S"  # a method and its target
    r"|(?:^|[\s\"'=(\[])/(?!(?:home|usr|opt|var|etc|tmp|root|srv|mnt|proc|sys|dev|s?bin|lib|lib64"
    r"|Users|nix|snap|private)/[^/\s]+/[^/\s])\w(?![\w./-]*\.(?:py|pyc|rb|go|java|jar|class|so"
    r"|[ch]|cc|cpp|rs|lua|exs?|erl)\b)"
    r"|https?://"  # a path, a URL
)
_SERVED: Final = re.compile(_SERVED_SAID)
# A task's or a DAG's id as a pair of the line's words, as _JOB_KEYS are a record's keys
# (Airflow's scheduler: "TaskInstance Finished: dag_id=x, task_id=y, ..., run_duration=0.35",
# "DagRun Finished: dag_id=x, ..."). (A "job_id=" names no work done: APScheduler's
# "JOB_SUBMITTED job_id=x took_ms=0".)
_JOB_PAIR: Final = r"\b(?:task|dag)_id="
_WORK_SAID: Final = re.compile(
    _SERVED_SAID
    + r"|(?i:\b(?:requests?|req|quer(?:y|ies)|statements?|sql|g?rpc|handl(?:ed|ing)|serv(?:ed|ing)"
    r"|responses?|jobs?|tasks?|steps?(?! ?[:=]? ?\d)|endpoint|route|api|calls?|invocation"
    # (Spark's DAGScheduler: "Stage 0 (count at X.scala:14) finished in 0.474 s", since 2.x
    # "ResultStage 1 (...)", "ShuffleMapStage 0 (...)": a job's; a build's stage too)
    r"|(?:result|shufflemap)?stage \d+ \("
    r"|repl(?:y|ied|ying) to|search(?:es)?)\b)"  # a command answered (rtpengine's "Replying to")
    r"|\b(?:done|fail): |(?i:\btrace\[\d+\])"  # Sidekiq's jobs; a Kubernetes or etcd request trace
    r"|\bjid=\w|\btook_millis\["  # Sidekiq 6's job context; Elasticsearch's slow logs
    + r"|"
    + DELAYED_JOB_WORKER  # Delayed Job's worker, whatever its job's class is
    + r"|\b_slurm_rpc_"  # slurmctld's RPC handlers ("_slurm_rpc_submit_batch_job")
    + r"|"
    + _RUNNER_NAME
    + "|"
    + _JOB_PAIR
)
# Kubernetes controllers' "Finished syncing job" (logger="job-controller"): the controller's
# own loop over an object, whatever its kind is called. asyncio's debug warning of a callback
# that held its loop ("Executing <Task finished name='...' coro=<...>> took 0.136 seconds",
# base_events._run_once): the loop's own watch, a task's or not.
_OWN_SYNC: Final = re.compile(
    r'^"?Finished syncing\b|\bExecuting <(?:Task|Handle|TimerHandle) '
    # Kafka Streams keeping its own state: "Restoration took 1053 ms for all active tasks",
    # "partition revocation took 1142 ms", "partitions lost took 12 ms"
    r"|\b(?:[Rr]estoration|partition revocation|partitions lost) took "
    # the program loading its own parts (Metabase's "Load driver :sql-jdbc took 88.8 ms",
    # a plugin's, a module's): its start-up, whatever the part is named
    r"|\b[Ll]oad(?:ing|ed)? (?:[\w-]+ ){0,3}(?:drivers?|plugins?|modules?|extensions?)\b"
    # Spark's executor fetching a broadcast variable (TorrentBroadcast, "Reading broadcast
    # variable 0 took 145 ms"), under a thread named for its task: the engine's own step
    r"|\bReading broadcast variable \d+ took "
)
# A program's housekeeping, whatever it calls its steps ("jobs", "tasks"): Grafana's
# "Completed cleanup jobs", a store's compaction, a log's rotation; a connection's keeping
# alive (ZooKeeper's client: "Got ping response for sessionid: 0x... after 0ms"), in lower
# case (Sidekiq's job class "Ping" is work, as is a "ping request" served)
_CHORES: Final = re.compile(
    r"\b(?:(?i:clean ?up|housekeeping|maintenance|compaction|retention|rotation)"
    r"|ping (?:response|reply)|pong|heartbeats?|keep-?alives?)\b"
)
_WORK_KEYS: Final = frozenset(
    {"method", "path", "url", "uri", "route", "endpoint", "request", "req", "query", "sql"}
    | {"statement", "job", "task", "rpc", "grpc.method", "http.method", "http.url"}
)
_WORK_SEEN: dict[str, bool] = {}  # a logger repeats its messages: each asked once
# A job's or a task's run, named in the line that times it: a worker's (Celery's "Task
# tasks.add[id] succeeded in 40.5s", Sidekiq's "done:" and jid, Delayed Job's worker tag,
# ActiveJob's "Performed HardJob", Spark's tasks and stages, Spring Batch's steps), no
# request served; a request named beside it (a method and path, the word) wins.
_JOB_SAID: Final = re.compile(
    r"(?i:\b(?:jobs?|tasks?|steps?|stages?|workers?)\b)|\b(?:done|fail): |\bjid=\w"
    r"|\[Worker\(|\bPerformed [A-Z]|\bTID \d|" + _RUNNER_NAME + "|" + _JOB_PAIR
)
_REQUEST_SAID: Final = re.compile(
    _SERVED_SAID + r"|(?i:\b(?:requests?|req|handl(?:ed|ing)|serv(?:ed|ing)|respon\w*|endpoint"
    r"|route|api|g?rpc)\b)"
)
_JOB_KEYS: Final = frozenset({"jid", "job_id", "jobid", "task_id", "job_class", "task_name"})
_JOB_SEEN: dict[str, bool] = {}


# Programs whose durations are never work served: the kernel's; a mail server's delivery
# delay (postfix's "delay=0.39", any instance's "postfix-out/smtp"; sendmail's
# "delay=00:00:01"), the message's time in its queue, whatever its reason quotes (a remote's
# reply naming a URL).
_OWN_WORK: Final = ("kernel", "postfix", "sendmail", "sm-mta")


# A line another log wrote, quoted by a program reading it: a log shipper's or analyser's
# complaint (Fluentd's 'pattern not matched: "10.0.0.1 - - [...] \"GET / HTTP/1.1\" 200
# ..."', an app's "Failed to process log line: ..."): its request no one served here
_QUOTES_A_LINE: Final = re.compile(
    r"(?i)\b(?:log line|pattern not matched|(?:parse|unparsable|unparsed|invalid|malformed) line)\b"
)


def quotes_a_line(message: str) -> bool:
    """Does the message quote a line another log wrote (its request no one served here)?"""
    return (
        message.find("ine", 0, 80) >= 0 or message.find("atched", 0, 80) >= 0
    ) and _QUOTES_A_LINE.search(message, 0, 80) is not None  # ("line", "Line", "matched")


def names_work(message: str, fields: Any = None) -> bool:
    """Does a line whose duration has no status time work served (a request, a query, a
    job) rather than the program's own operation (rule above)? The kernel's never does (its
    suspend's "Freezing remaining freezable tasks completed (elapsed 0.000 seconds)"), nor
    a mail server's delivery (_OWN_WORK)."""
    program = fields.get("program") if fields else None
    if type(program) is str and program.startswith(_OWN_WORK):
        return False
    said = _WORK_SEEN.get(message)
    if said is None:
        said = (
            _WORK_SAID.search(message) is not None
            and _OWN_SYNC.search(message) is None
            # housekeeping, unless a request's method or path says it was served
            and (_CHORES.search(message) is None or _SERVED.search(message) is not None)
            and not quotes_a_line(message)
        )
        if len(_WORK_SEEN) < 4096:
            _WORK_SEEN[message] = said
    if said or not fields:
        return said
    for key in fields:
        if type(key) is str and (key.lower() in _WORK_KEYS or key[:4].lower() in ("req_", "req.")):
            return True
    return False


def names_job(message: str, fields: Any = None) -> bool:
    """Does a line whose duration has no status time a job's or a task's run (work time),
    not a request served (latency)? Its words (_JOB_SAID, no request named beside them) or
    its record's job keys (Sidekiq's JSON "jid")."""
    said = _JOB_SEEN.get(message)
    if said is None:
        said = _JOB_SAID.search(message) is not None and _REQUEST_SAID.search(message) is None
        if len(_JOB_SEEN) < 4096:
            _JOB_SEEN[message] = said
    if said or not fields:
        return said
    return any(type(key) is str and key.lower() in _JOB_KEYS for key in fields)


Role = tuple[int, int, str, float]  # role, rank (lower wins), name or scale, unit

_R: dict[str, Role] = {}


def _add(role: int, names: tuple[str, ...], what: str = "", unit: float = 0.0) -> None:
    for rank, key in enumerate(names):
        _R[key] = (role, rank, what, unit)


# Times, in the order they are preferred when a record has several.
_add(
    TIME,
    (
        "timestamp",
        "time",
        "ts",
        "@timestamp",
        "at",
        "datetime",
        "date",
        "@t",
        "Timestamp",
        "timeUnixNano",
        "observedTimeUnixNano",
        "__REALTIME_TIMESTAMP",
        "EdgeStartTimestamp",
        "time_local",
        "time_iso8601",
        "msec",  # nginx's $msec: epoch seconds with milliseconds ("1715850001.123")
        "asctime",
        "created",
        "eventTime",
        "timestamp.seconds",
        "t",
        "t.$date",  # MongoDB
        "StartUTC",  # Traefik's JSON access log
        "instant.epochSecond",  # log4j2's JsonLayout / JsonTemplateLayout (+ nanoOfSecond)
        "timestampSeconds",  # GCP structured logging (+ timestampNanos)
        "timeMillis",  # log4j2's JsonLayout before 2.11
        "started_at",
        "start_time",  # Envoy's and Istio's JSON access log (%START_TIME%)
        "log_time",  # PostgreSQL's csvlog column, as CloudNativePG's JSON records name it
    ),
)
_R.update(
    {
        "level": (LEVEL, 0, "pino", 0.0),  # bunyan's and pino's numbers
        "severity": (LEVEL, 1, "syslog", 0.0),
        "severityNumber": (LEVEL, 0, "otel", 0.0),
        "severity_number": (LEVEL, 0, "otel", 0.0),
        "SeverityNumber": (LEVEL, 0, "otel", 0.0),
        "lvl": (LEVEL, 2, "pino", 0.0),
        "levelname": (LEVEL, 3, WORD, 0.0),
        "log.level": (LEVEL, 4, WORD, 0.0),
        "loglevel": (LEVEL, 5, WORD, 0.0),
        "severityText": (LEVEL, 6, WORD, 0.0),
        "severity_text": (LEVEL, 6, WORD, 0.0),
        "SeverityText": (LEVEL, 6, WORD, 0.0),
        "@l": (LEVEL, 7, WORD, 0.0),
        "PRIORITY": (LEVEL, 8, "syslog", 0.0),
        "syslog.severity": (LEVEL, 8, "syslog", 0.0),
        "levelno": (LEVEL, 9, "python", 0.0),
        "level_value": (LEVEL, 10, "logback", 0.0),
        "LEVEL": (LEVEL, 11, WORD, 0.0),
        "s": (LEVEL, 12, WORD, 0.0),  # MongoDB's F/E/W/I/D
        "LogLevel": (LEVEL, 13, WORD, 0.0),  # .NET's JSON console formatter
        "error_severity": (LEVEL, 14, WORD, 0.0),  # PostgreSQL's jsonlog (LOG, ERROR ...)
    }
)
_add(
    MESSAGE,
    (
        "message",
        "msg",
        "MESSAGE",
        "event",
        "body",
        "Body",
        "@m",
        "@mt",
        "text",
        "log",
        "textPayload",
        "short_message",
        "body.stringValue",
        "Message",  # .NET's JSON console formatter
        "errorMessage",  # AWS Lambda's unhandled error
        "message.errorMessage",
        "content",  # go-zero's logx (after every other: elsewhere often a body)
        "RenderedMessage",  # Serilog's JsonFormatter (renderMessage: true)
        "MessageTemplate",  # ... else its template, rendered from its Properties
    ),
)
_R.update(
    {
        # Unit in the name.
        "latency_ms": (DURATION, 0, "latency_ms", MS),
        "duration_ms": (DURATION, 0, "duration_ms", MS),
        "response_time_ms": (DURATION, 0, "response_time_ms", MS),
        "elapsed_ms": (DURATION, 0, "elapsed_ms", MS),
        "request_duration_ms": (DURATION, 0, "request_duration_ms", MS),
        "took_ms": (DURATION, 0, "duration_ms", MS),
        "ms": (DURATION, 0, "duration_ms", MS),  # the unit as the name (logger.bind(ms=...))
        "responseTimeMs": (DURATION, 0, "response_time_ms", MS),
        "durationMs": (DURATION, 0, "duration_ms", MS),
        "latencyMs": (DURATION, 0, "latency_ms", MS),
        "elapsedMs": (DURATION, 0, "elapsed_ms", MS),
        "ElapsedMilliseconds": (DURATION, 0, "elapsed_ms", MS),
        "OriginResponseDurationMs": (DURATION, 0, "response_time_ms", MS),
        "duration_s": (DURATION, 0, "duration_ms", S),
        "duration_sec": (DURATION, 0, "duration_ms", S),
        "duration_seconds": (DURATION, 0, "duration_ms", S),
        "latency_s": (DURATION, 0, "latency_ms", S),
        "latency_seconds": (DURATION, 0, "latency_ms", S),
        "response_time_s": (DURATION, 0, "response_time_ms", S),
        "elapsed_s": (DURATION, 0, "elapsed_ms", S),
        "duration_us": (DURATION, 0, "duration_ms", US),
        "latency_us": (DURATION, 0, "latency_ms", US),
        "elapsed_us": (DURATION, 0, "elapsed_ms", US),
        "duration_ns": (DURATION, 0, "duration_ms", NS),
        "latency_ns": (DURATION, 0, "latency_ms", NS),
        "elapsed_ns": (DURATION, 0, "elapsed_ms", NS),
        # Unit by convention of the logger that writes the name.
        "responseTime": (DURATION, 0, "response_time_ms", MS),  # pino-http
        "res.responseTime": (DURATION, 0, "response_time_ms", MS),  # hapi, Kibana
        "response-time": (DURATION, 0, "response_time_ms", MS),  # morgan
        "Elapsed": (DURATION, 0, "elapsed_ms", MS),  # Serilog request logging
        "took": (DURATION, 0, "duration_ms", MS),  # Elasticsearch
        "grpc.time_ms": (DURATION, 0, "duration_ms", MS),  # go-grpc-middleware v1's loggers
        "time-taken": (DURATION, 0, "duration_ms", MS),  # IIS
        "time_taken": (DURATION, 0, "duration_ms", MS),
        "time_taken_ms": (DURATION, 0, "duration_ms", MS),  # ntfy
        "time_ms": (DURATION, 0, "request_time_ms", MS),  # Grafana's "Request Completed"
        "QTime": (DURATION, 0, "request_time_ms", MS),  # Solr's request line and responseHeader
        "request_time": (DURATION, 0, "request_time_ms", S),  # nginx $request_time
        "requestTime": (DURATION, 0, "request_time_ms", S),
        "rt": (DURATION, 0, "request_time_ms", S),
        "upstream_response_time": (DURATION, 0, UPSTREAM_MS, S),
        "urt": (DURATION, 0, UPSTREAM_MS, S),
        "upstream_connect_time": (DURATION, 0, "upstream_connect_ms", S),
        "event.duration": (DURATION, 0, "duration_ms", NS),  # ECS
        "http.server.request.duration": (DURATION, 0, "request_duration_ms", S),  # OTel
        "OriginResponseTime": (DURATION, 0, "response_time_ms", NS),  # Cloudflare
        # Akamai DataStream 2: the edge's time from the request to its response's first
        # byte (its other times, transferTimeMSec and reqEndTimeMSec, are the response's)
        "turnAroundTimeMSec": (DURATION, 0, "response_time_ms", MS),
        "Duration": (DURATION, 0, "request_time_ms", NS),  # Traefik's JSON access log
        "attr.durationMillis": (DURATION, 0, "query_duration_ms", MS),  # MongoDB slow query
        "httpRequest.latency": (DURATION, 0, "latency_ms", AUTO),  # GCP: "0.123s"
        "latency": (DURATION, 0, "latency_ms", AUTO),  # zap: seconds, or "1.5ms"
        "duration": (DURATION, 0, "duration_ms", AUTO),  # logrus/slog: nanoseconds
        "elapsed": (DURATION, 0, "elapsed_ms", AUTO),
        "response_time": (DURATION, 0, "response_time_ms", AUTO),
        "request_duration": (DURATION, 0, "request_duration_ms", AUTO),
        "service": (DURATION, 0, "response_time_ms", TEXT),
        # 389-DS's and OpenLDAP's access log (``RESULT ... etime=0.000450``, also as a
        # syslog message's key=value pairs): the operation's whole elapsed time, seconds, an
        # operation the server answered (its latency panel's, as anytime.program_timed's)
        "etime": (DURATION, 0, "response_time_ms", FRACTION_S),
        # SpamAssassin's spamd, its "result:" line per message checked (``... scantime=0.3,
        # size=1385,user=...``, ``%.1f`` seconds): the check's time
        "scantime": (DURATION, 0, "duration_ms", S),
        "query_duration_ms": (DURATION, 0, "query_duration_ms", MS),
        "query_ms": (DURATION, 0, "query_ms", MS),
        "db_query_ms": (DURATION, 0, ev.DB_QUERY_MS, MS),
    }
)
_add(
    STATUS,
    (
        "status",
        "Status",  # Go's structs logged by field name (a Gin middleware's logrus Fields)
        "statusCode",
        "status_code",
        "http.response.status_code",
        "http.status_code",
        "http_status",
        "http_status_code",
        "EdgeResponseStatus",
        "res.statusCode",
        "response.status",
        "response.status_code",
        "httpRequest.status",
        "StatusCode",
        "sc-status",
        "http.status",
        "responseStatus",
        "DownstreamStatus",
        "elb_status_code",
        "response_code",  # Envoy's JSON access log (%RESPONSE_CODE%)
        "responseCode",  # Istio mixer's default access log instance (with responseSize)
    ),
)
_add(
    SERVICE,
    (
        "service.name",
        "resource.service.name",
        "serviceName",
        "service_name",
        "SYSLOG_IDENTIFIER",
    ),
)
_add(SCOPE, ("color", "colour", "env", "environment", "slot", "track"))
# Gauges and rates a service states about itself, by the name used here.
for _key, _name in (
    ("db_pool_size", ev.POOL_SIZE),
    ("pool_size", ev.POOL_SIZE),
    ("pool_available", ev.POOL_AVAILABLE),
    ("available_connections", ev.POOL_AVAILABLE),
    ("concurrent_calls", ev.CONCURRENT_CALLS),
    ("concurrent_requests", ev.CONCURRENT_CALLS),
    ("db_connections", ev.DB_CONNECTIONS),
    ("active_connections", ev.DB_CONNECTIONS),
    ("max_connections", ev.DB_CONNECTIONS_MAX),
    ("error_rate", ev.ERROR_RATE),
    ("error_rate_pct", ev.ERROR_RATE),
    ("timeout_rate", ev.TIMEOUT_RATE),
    ("timeout_rate_pct", ev.TIMEOUT_RATE),
    ("cpu_pct", ev.CPU),
    ("cpu_percent", ev.CPU),
    ("memory_pct", ev.MEMORY),
    ("memory_percent", ev.MEMORY),
    ("request_rate", ev.REQUEST_RATE),
    ("rps", ev.REQUEST_RATE),
    ("p99_ms", ev.LATENCY_P99),
    ("latency_p99_ms", ev.LATENCY_P99),
    ("p95_ms", ev.LATENCY_P95),
    ("latency_p95_ms", ev.LATENCY_P95),
    ("latency_avg_ms", ev.LATENCY_AVG),
    ("bytes", RESPONSE_BYTES),
    ("body_bytes_sent", RESPONSE_BYTES),
    ("http.response.body.bytes", RESPONSE_BYTES),
    ("EdgeResponseBytes", RESPONSE_BYTES),
):
    _R[_key] = (GAUGE, 0, _name, 0.0)

# logstash's first event schema (still written by old shippers and log4j's JSON layouts)
# wraps the application's own keys in "@fields", its message in "@message".
for _key, _role in list(_R.items()):
    if _role[0] in (LEVEL, MESSAGE) and "." not in _key:
        _R.setdefault("@fields." + _key, (_role[0], _role[1] + 20, _role[2], _role[3]))
_R.setdefault("@message", (MESSAGE, 30, "", 0.0))

ROLES: Final[dict[str, Role]] = _R

# Objects that hold a logger's own event fields, one level down: Rust tracing-subscriber's
# JSON `fields`, .NET's JSON console `State`, express-winston's `meta`, AWS Lambda's platform
# `record` (and its `metrics`), Ruby semantic_logger's `payload`, CloudWatch Logs Insights'
# export's `@message` (the event's JSON, parsed). A known name under one of them has its role
# (a name of the record's own top level winning over it, as a message's rank says).
WRAPPERS: Final = (
    "fields.",
    "State.",
    "meta.",
    "record.metrics.",
    "record.extra.",  # loguru's serialize=True: the bound fields (logger.bind(ms=26.1))
    "record.",
    "payload.",
    "@message.",
    "Properties.",  # Serilog's JsonFormatter: a record's properties
)
WRAPPED_RANK: Final = 50

DURATION_UNITS: Final[dict[str, float]] = {
    "ns": NS,
    "us": US,
    "µs": US,
    "μs": US,
    # µ in UTF-8 (C2 B5) shown as GBK: Gin's "225.5碌s" from a Windows console set to code page
    # 936, committed so in many a Chinese developer's log
    "碌s": US,
    "ms": MS,
    # JFrog Artifactory's own (its TimeUnitFormat: "67 millis", "1.17 secs")
    "millis": MS,
    "s": S,
    "m": 60 * S,
    "h": 3600 * S,
    # in words, as Bacula's edit_utime writes a job's time ("1 hour 2 mins 5 secs", its month
    # 30 days) and systemd's format_timespan a start-up's ("1min 2.345s", "2d 3h")
    "sec": S,
    "secs": S,
    "second": S,
    "seconds": S,
    "min": 60 * S,
    "mins": 60 * S,
    "minute": 60 * S,
    "minutes": 60 * S,
    "hour": 3600 * S,
    "hours": 3600 * S,
    "d": 86400 * S,
    "day": 86400 * S,
    "days": 86400 * S,
    "month": 30 * 86400 * S,
    "months": 30 * 86400 * S,
}


def statement_duration(message: str) -> tuple[tuple[str, float, str], ...]:
    """PostgreSQL's log_min_duration_statement, ``duration: 37.118 ms  statement: ...`` (its
    stderr log's message, its jsonlog's ``message``): the query's duration."""
    if not message.startswith("duration: "):
        return ()
    value, _, unit = message[10:40].partition(" ")
    if unit.startswith("ms") and value.replace(".", "", 1).isdigit():
        return (("query_duration_ms", float(value), ""),)
    return ()


LAMBDA_REPORT: Final = "REPORT RequestId: "


def lambda_duration(message: str) -> float | None:
    """AWS Lambda's platform line after each invocation, ``REPORT RequestId: <id>\tDuration:
    644.49 ms\tBilled Duration: 645 ms\tMemory Size: 128 MB\t...`` (``Init Duration`` after
    a cold start): the invocation is the function's request, its ``Duration`` (the first of
    the three, the only one not rounded up or spent before the handler ran) its time in ms."""
    if not message.startswith(LAMBDA_REPORT):
        return None
    i = message.find("Duration: ", 18)
    while i > 0 and (message[i - 5 : i] == "Init " or message[i - 7 : i] == "Billed "):
        # SAM local writes the cold start's "Init Duration" first
        i = message.find("Duration: ", i + 10)
    if i < 0 or message[i - 1] not in "\t ":
        return None
    value, _, unit = message[i + 10 : i + 40].partition(" ")
    if not unit.startswith("ms") or not value.replace(".", "", 1).isdigit():
        return None
    return float(value)


def duration_text(text: str) -> float | None:
    """Milliseconds in a duration string with units: Go's ``1.5ms``, ``1m30.5s``, ``850µs``,
    GCP's ``0.123s``, ``12 ms``, in words (``1 min 5 secs``, systemd's ``1min 2.345s``); None
    without a unit."""
    i, n, total, seen = 0, len(text), 0.0, False
    while i < n:
        j = i
        while j < n and (text[j].isdigit() or text[j] == "."):
            j += 1
        if j == i:
            return None
        k = j
        while k < n and text[k] == " ":
            k += 1
        u = k
        while u < n and not (text[u].isdigit() or text[u] == "."):
            u += 1
        unit = DURATION_UNITS.get(text[k:u].strip())
        if unit is None:
            return None
        try:
            total += float(text[i:j]) * unit
        except ValueError:
            return None
        seen = True
        i = u
    return total if seen else None


def duration_ms(value: Any, unit: float) -> float | None:
    """A duration field's value in milliseconds, read in ``unit`` (or by AUTO's rules)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value[:1] == " ":
        value = value.lstrip(" ")  # Fiber's logger pads its ${latency} ("      1.042µs")
    if unit == TEXT:
        return duration_text(value) if isinstance(value, str) and value[-1:] == "s" else None
    if unit == FRACTION_S:
        # a float, or a string with a point: never a whole number (an epoch, a count)
        if (isinstance(value, str) and "." not in value) or isinstance(value, int):
            return None
        unit = S
    if isinstance(value, int):
        if unit == AUTO:
            unit = NS if value >= 100_000 else MS
        try:
            v = float(value) * unit
        except OverflowError:  # a 400-digit integer is not a duration
            return None
    elif isinstance(value, float):
        v = value * (S if unit == AUTO else unit)
    elif isinstance(value, str) and value:
        if ", " in value or " : " in value:
            return _tries(value, S if unit == AUTO else unit)
        c = value[-1]
        if unit == AUTO and value.isdigit():
            # a whole number written as a string (HAProxy's JSON log-format quotes every
            # "%Tr", a key=value line has no types) is read as the integer it writes
            return duration_ms(int(value), AUTO)
        if c.isdigit() or c == ".":
            try:
                f = float(value)
            except ValueError:
                return None
            v = f * (S if unit == AUTO else unit)
        elif c == "d" or c == "w" or c == "y":
            # days, weeks, years (Prometheus' model.Duration, "15d"): a retention's or a
            # lifetime's length, a setting, never a run's time
            return None
        else:
            d = duration_text(value)
            if d is None:
                return None
            v = d
    else:
        return None
    return v if math.isfinite(v) and v >= 0 else None


def _tries(value: str, unit: float) -> float | None:
    """nginx's $upstream_response_time of a request its upstreams answered more than once
    ("0.010, 0.020", " : " between upstream groups, "-" for a try with no time): the
    tries' sum (one after the other, within the request's time), in ms; None for any
    other list."""
    total, seen = 0.0, False
    for part in value.replace(" : ", ", ").split(", "):
        if part == "-":
            continue
        whole, point, ms = part.partition(".")
        if not (whole.isdigit() and point and len(ms) == 3 and ms.isdigit()):
            return None  # nginx's "%T.%03M" only
        total += float(part)
        seen = True
    return round(total * unit, 3) if seen else None


def status_code(value: Any) -> int | None:
    """An HTTP status (100..599), as a number or a string of three digits, or the code with
    its reason phrase (Go's ``http.Response.Status``, ``"403 Forbidden"``)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 100 <= value <= 599 else None
    if isinstance(value, str) and value[:3].isdigit():
        if len(value) == 3:
            n = int(value)
            return n if 100 <= n <= 599 else None
        if value[3:4] == " " and len(value) < 48:
            return _phrased_status(value)
    return None


def _phrased_status(value: str) -> int | None:
    """``"503 Service Unavailable"``: the code, where the words after it are its reason
    phrase as RFC 9110 names it (any case); ``"200 items queued"`` is no status."""
    try:
        phrase = HTTPStatus(int(value[:3])).phrase
    except ValueError:
        return None
    return int(value[:3]) if value[4:].lower() == phrase.lower() else None


def gauge(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        v = float(value)
    except OverflowError:  # a 400-digit integer is not a measurement
        return None
    return v if math.isfinite(v) else None
