"""Issue 17, set 44 part B (docs/log-formats.md): web servers', proxies' and WAFs' own logs:
ModSecurity's verdict said in words in a server's error log (``Access denied with code
403``). Lines written here in each program's documented shape."""

from __future__ import annotations

from console import events as ev
from console.parse.measures import HTTP_STATUS
from tests.helpers.parsing import parse, samples, utc


def _status(line: ev.LogLine) -> float | None:
    return samples(line).get(HTTP_STATUS)


# --- ModSecurity's verdict: "Access denied with code N (phase P)." ---


def test_modsecurity_access_denied_with_code_is_the_status() -> None:
    # mod_security2 in Apache 2.4's error log, and ModSecurity v3 through nginx's connector
    text = (
        "[Tue Mar 04 10:12:01.118211 2025] [security2:error] [pid 41:tid 41] [client "
        "10.9.8.7:51000] ModSecurity: Access denied with code 403 (phase 2). Pattern match "
        '"(?i)drop\\\\s+table" at ARGS:q. [file "/etc/modsecurity/rules.conf"] [line "12"] '
        '[id "100042"] [msg "sql drop"] [hostname "shop.example"] [uri "/search"]\n'
        "2025/03/04 10:12:05 [error] 17#17: *88 [client 10.9.8.7] ModSecurity: Access denied "
        'with code 406 (phase 1). Matched "Operator `Rx\' ..." [id "920100"], client: '
        '10.9.8.7, server: shop.example, request: "GET /x HTTP/1.1", host: "shop.example"\n'
    )
    got = parse(text)
    assert [_status(x) for x in got] == [403.0, 406.0]
    assert [x.level for x in got] == ["ERROR", "ERROR"]


def test_other_codes_said_with_a_with_are_no_status() -> None:
    text = (
        "[Tue Mar 04 10:13:00.000001 2025] [core:notice] [pid 1:tid 1] AH00052: child pid 88 "
        "exit signal Segmentation fault (11)\n"
        "2025-03-04 10:13:01 worker-3 exited with code 255\n"
        "2025-03-04 10:13:02 job 12 failed with code 404 items left\n"
    )
    assert [_status(x) for x in parse(text)] == [None, None, None]


# --- Squid's cache.log: "YYYY/MM/DD HH:MM:SS[.mmm][ label]| message" ---


def test_squid_cache_log_levels_from_the_message_prefix() -> None:
    text = (
        "2024/09/30 07:01:10| Starting Squid Cache version 6.9 for x86_64-pc-linux-gnu...\n"
        "2024/09/30 07:01:10 kid1| helperOpenServers: Starting 5/5 'basic_ncsa_auth' processes\n"
        "2024/09/30 07:01:10.412 kid1| WARNING: disk-cache maximum object size is too large\n"
        "2024/09/30 07:01:11 ssl_crtd| FATAL: Cannot open /srv/ssl_db/index.txt\n"
        "    exception location: certificate_db.cc(301) load\n"
        "2024/09/30 07:01:11 kid1| ERROR: helper basic_ncsa_auth #Hlpr3 exited\n"
        "2024/09/30 07:01:12| FATAL: The ssl_crtd helpers are crashing too rapidly, need help!\n"
    )
    got = parse(text)
    assert [x.level for x in got] == ["INFO", "INFO", "WARNING", "FATAL", "ERROR", "FATAL"]
    assert all(x.fmt == "squid-cache" for x in got)
    assert got[1].message == "helperOpenServers: Starting 5/5 'basic_ncsa_auth' processes"
    assert got[3].message.startswith("FATAL: Cannot open")
    assert got[3].detail == ("    exception location: certificate_db.cc(301) load",)
    assert [(x.fields or {}).get("process") for x in got] == [
        None,
        "kid1",
        "kid1",
        "ssl_crtd",
        "kid1",
        None,
    ]


def test_go_log_and_nginx_error_dates_are_not_squid() -> None:
    text = (
        "2024/09/30 07:02:00 main.go:41: listening on :8080 | ready\n"
        "2024/09/30 07:02:01 [error] 7#7: *1 open() failed (2: No such file or directory)\n"
        "2024/09/30 07:02:02 ERROR| job 7 failed\n"
    )
    assert all(x.fmt != "squid-cache" for x in parse(text))


# --- a batch's time beside its rate of items is no request's ---


def test_a_time_with_an_item_rate_is_no_request_duration() -> None:
    text = (
        "2024/09/30 07:03:00| storeDirWriteCleanLogs: Starting...\n"
        "2024/09/30 07:03:00|   Finished.  Wrote 1834 entries.\n"
        "2024/09/30 07:03:00|   Took 0.12 seconds (15283.33 entries/sec).\n"
        "2024-09-30 07:03:05 INFO Took 0.5s to rebuild the index\n"
        "2024-09-30 07:03:06 INFO Transfer done: 4096 bytes, 0.5 secs (8192 bytes/sec)\n"
    )
    got = parse(text)
    assert [samples(x).get("duration_ms") for x in got] == [None, None, None, 500.0, 500.0]


# --- a message that leaves a bracket open, and an exception's message over lines ---

# Tomcat's StandardWrapperValve through JULI's OneLineFormatter: "... threw exception [{2}]
# with root cause", {2} a JSP compile failure's message of many lines (the source lines
# around the fault, numbered), then the root cause's stack trace, its message as long.
_JSP_FAILURE = (
    "07-Jun-2019 14:22:09.301 SEVERE [http-nio-8080-exec-7] "
    "org.apache.catalina.core.StandardWrapperValve.invoke Servlet.service() for servlet "
    "[jsp] in context with path [/shop] threw exception [Unable to compile class for JSP: \n"
    "\n"
    "An error occurred at line: 12 in the jsp file: /cart.jsp\n"
    "Basket cannot be resolved to a type\n"
    "10: <%\n"
    '11: \tString id = request.getParameter("id");\n'
    "12: \tBasket b = new Basket(id);\n"
    "\n"
    "\n"
    "Stacktrace:] with root cause\n"
    " org.apache.jasper.JasperException: Unable to compile class for JSP: \n"
    "\n"
    "An error occurred at line: 12 in the jsp file: /cart.jsp\n"
    "Basket cannot be resolved to a type\n"
    "12: \tBasket b = new Basket(id);\n"
    "\n"
    "Stacktrace:\n"
    "\tat org.apache.jasper.compiler.DefaultErrorHandler.javacError(DefaultErrorHandler.java:103)\n"
    "\tat org.apache.jasper.compiler.JDTCompiler.generateClass(JDTCompiler.java:450)\n"
    "\tat java.lang.Thread.run(Thread.java:748)\n"
    "\n"
    "07-Jun-2019 14:22:10.002 INFO [main] org.apache.catalina.startup.Catalina.start done\n"
)


def test_a_jsp_compile_failure_is_one_severe_entry() -> None:
    got = parse(_JSP_FAILURE)
    assert [x.level for x in got] == ["ERROR", "INFO"]
    assert "An error occurred at line: 12 in the jsp file: /cart.jsp" in got[0].detail
    assert got[0].detail[-2] == "\tat java.lang.Thread.run(Thread.java:748)"


def test_lines_after_a_closed_exception_trace_stand() -> None:
    # the frames began: an unindented line after them is an entry of its own, as before
    text = (
        "2024-04-02 09:00:00,100 ERROR [main] Sync failed\n"
        "java.io.IOException: disk full\n"
        "\tat a.b.C.d(C.java:10)\n"
        "Waiting for the next run\n"
        "2024-04-02 09:00:01,100 INFO [main] ok [balanced]\n"
        "a line of its own\n"
    )
    got = parse(text)
    assert [x.message for x in got] == [
        "[main] Sync failed",
        "Waiting for the next run",
        "[main] ok [balanced]",
        "a line of its own",
    ]


# --- ModSecurity's native (serial) audit log: one transaction, sections A to Z ---

_MODSEC_V3 = (
    "\n"
    "---Qr7TzX2a---A--\n"
    "[14/Jan/2025:08:30:12 +0100] 173683981262.114422 10.1.1.20 40112 10.1.1.5 80\n"
    "---Qr7TzX2a---B--\n"
    "POST /account/login HTTP/1.1\n"
    "Host: shop.example\n"
    "Content-Type: application/x-www-form-urlencoded\n"
    "\n"
    "---Qr7TzX2a---F--\n"
    "HTTP/1.1 403\n"
    "Server: nginx\n"
    "Date: Tue, 14 Jan 2025 07:30:12 GMT\n"
    "Expires: Thu, 19 Nov 1981 08:52:00 GMT\n"
    "\n"
    "---Qr7TzX2a---H--\n"
    "ModSecurity: Access denied with code 403 (phase 2). Matched \"Operator `Rx' with "
    'parameter `union select\'" [severity "0"] [id "942100"]\n'
    "\n"
    "---Qr7TzX2a---Z--\n"
    "\n"
    "---bC4dE5fG---A--\n"
    "[14/Jan/2025:08:31:00 +0100] 173683986000.551201 10.1.1.21 40200 10.1.1.5 80\n"
    "---bC4dE5fG---B--\n"
    "GET /cart HTTP/1.1\n"
    "Host: shop.example\n"
    "\n"
    "---bC4dE5fG---F--\n"
    "HTTP/1.1 302\n"
    "Location: /account/login\n"
    "Expires: Thu, 19 Nov 1981 08:52:00 GMT\n"
    "\n"
    "---bC4dE5fG---Z--\n"
)


def test_modsecurity_v3_native_audit_log_one_entry_a_transaction() -> None:
    got = [x for x in parse(_MODSEC_V3) if x.message]  # (the blank first line is one)
    assert [x.fmt for x in got] == ["modsec-audit", "modsec-audit"]
    assert [utc(x.ts) for x in got] == ["2025-01-14T07:30:12", "2025-01-14T07:31:00"]
    assert [_status(x) for x in got] == [403.0, 302.0]
    assert [x.level for x in got] == ["WARNING", "INFO"]
    assert got[0].message == "POST /account/login HTTP/1.1 403"
    assert (got[0].fields or {}).get("client") == "10.1.1.20"
    assert "HTTP/1.1 403" in got[0].detail


def test_modsecurity_2_audit_log_stopwatch_is_the_duration() -> None:
    # ModSecurity 2 (Apache): two dashes, the reason phrase, and H's Stopwatch (start and
    # duration in microseconds)
    text = (
        "--4f2a9c01-A--\n"
        "[14/Jan/2025:08:40:00 +0000] Z4Yx1n8AAQEAAB7kqWcAAAAA 10.1.1.30 51544 10.1.1.5 443\n"
        "--4f2a9c01-B--\n"
        "GET /admin HTTP/1.1\n"
        "Host: shop.example\n"
        "\n"
        "--4f2a9c01-F--\n"
        "HTTP/1.1 503 Service Unavailable\n"
        "Content-Length: 299\n"
        "\n"
        "--4f2a9c01-H--\n"
        'Message: Access denied with code 503 (phase 1). [id "100010"]\n'
        "Stopwatch: 1736844000123456 2450 (- - -)\n"
        "\n"
        "--4f2a9c01-Z--\n"
    )
    (got,) = parse(text)
    assert utc(got.ts) == "2025-01-14T08:40:00"
    assert _status(got) == 503.0
    assert got.level == "ERROR"
    assert samples(got).get("request_time_ms") == 2.45
