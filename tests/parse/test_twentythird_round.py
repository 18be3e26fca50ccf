"""Issue 17, session 23's sets (112 to 116: the issue's formats, web frameworks,
cloud-native infrastructure, databases, a week on call's mix of loggers): the rules their
files showed. Lines written here in those shapes."""

from __future__ import annotations

import pytest

from console import events as ev
from console.parse.derived import SERVED, latency_tier
from console.parse.measures import HTTP_STATUS
from tests.helpers.parsing import parse, samples, utc
from tests.parse.test_derived_from_formats import _minutes


def test_apache_httpclients_wire_log_of_an_answer_received_is_no_served_status() -> None:
    # HttpClient 4's org.apache.http.wire and .headers loggers, and 5's hc.client5 wire,
    # behind Spring Boot's layout and logback's: '<<' is what came back from the server
    text = (
        "2019-10-11 10:59:40.321 DEBUG 11008 --- [main] o.a.h.wire                    "
        ': http-outgoing-0 << "HTTP/1.1 200 OK[\\r][\\n]"\n'
        "2020-04-11 01:15:23.076 DEBUG 3366 --- [timer://trigger] org.apache.http.headers "
        "   : http-outgoing-0 << HTTP/1.1 503 Service Unavailable\n"
        "2020-04-11 01:15:24.000 [main] DEBUG org.apache.hc.client5.http.wire - "
        'http-outgoing-1 << "HTTP/1.1 401 [\\r][\\n]"\n'
    )
    lines = parse(text)
    assert len(lines) == 3
    assert all(samples(line) == {} for line in lines)
    assert [line.level for line in lines] == ["DEBUG"] * 3


def test_a_request_a_server_logs_with_arrows_keeps_its_status() -> None:
    # an arrow elsewhere on a served request's line is not the wire log's '<< "HTTP/1.1'
    (line,) = parse(
        "2019-10-11 10:59:40.321 INFO 11008 --- [main] c.e.Access : "
        "10.0.0.1 << GET /x HTTP/1.1 200 12ms\n"
    )
    assert samples(line) == {"http_status": 200.0, "response_time_ms": 12.0}


def test_a_request_with_no_status_sent_is_timed_as_a_served_one() -> None:
    # Traefik's access log (status 0: the websocket closed, an hour on), kube-apiserver's
    # httplog (resp=0), Grafana's "Request Completed" (status=-1): no status, the time served
    text = (
        '178.155.12.9 - - [11/Nov/2024:11:14:33 +0000] "GET /api/live/ws HTTP/1.1" 0 0 "-" "-" '
        '465 "https-grafana@docker" "http://172.18.0.5:3000" 3635457ms\n'
        'I1119 11:57:01.945178    4178 httplog.go:89] "HTTP" verb="GET" URI="/healthz" '
        'latency="16.977211ms" userAgent="kube-apiserver/v1.19.4" srcIP="10.0.0.1:37248" resp=0\n'
        "logger=context userId=1 orgId=1 uname=admin t=2025-09-21T13:15:40.870046353Z level=info "
        'msg="Request Completed" method=GET path=/api/live/ws status=-1 remote_addr=172.18.0.1 '
        "time_ms=1 duration=1.462679ms size=0 referer= handler=/api/live/ws\n"
    )
    traefik, apiserver, grafana = parse(text)
    assert samples(traefik) == {"unanswered_ms": 3635457.0, "response_bytes": 0.0}
    assert samples(apiserver) == {"unanswered_ms": 16.977211}
    assert samples(grafana)["unanswered_ms"] == 1.462679
    assert all(HTTP_STATUS not in samples(line) for line in (traefik, apiserver, grafana))
    assert latency_tier(traefik.samples) == (SERVED, 3635457.0)
    assert latency_tier(grafana.samples) == (SERVED, 1.462679)


def test_solrs_status_zero_is_its_success_not_a_request_unanswered() -> None:
    (line,) = parse(
        "2024-03-01 12:00:00.000 INFO  (qtp-12) [c:books s:shard1] o.a.s.c.S.Request "
        "[books_shard1_replica_n1] webapp=/solr path=/select params={q=river} hits=14 "
        "status=0 QTime=42\n"
    )
    assert "unanswered_ms" not in samples(line)


def test_an_unanswered_requests_time_joins_the_minutes_served_latency() -> None:
    # two Traefik requests, one answered in 10 ms, one left with no status after 30 ms: the
    # panel's latency is both requests', its request rate counts the one status
    text = (
        '10.0.0.1 - - [11/Nov/2024:11:14:33 +0000] "GET /a HTTP/1.1" 200 12 "-" "-" 1 '
        '"web@docker" "http://10.0.0.5:80" 10ms\n'
        '10.0.0.1 - - [11/Nov/2024:11:14:45 +0000] "GET /ws HTTP/1.1" 0 0 "-" "-" 2 '
        '"web@docker" "http://10.0.0.5:80" 30ms\n'
    )
    [minute] = _minutes([text])
    assert minute[ev.LATENCY_AVG] == pytest.approx(20.0)
    assert minute[ev.REQUEST_RATE] == pytest.approx(1 / 12)  # one status over 12 s covered


def test_traefiks_json_access_record_with_no_status_sent_keeps_its_time() -> None:
    (line,) = parse(
        '{"ClientHost":"10.0.0.1","DownstreamStatus":0,"Duration":30000000,"OriginStatus":0,'
        '"RequestMethod":"GET","RequestPath":"/ws","StartUTC":"2024-11-11T11:14:33.1Z",'
        '"level":"info","msg":"","time":"2024-11-11T11:14:33Z"}\n'
    )
    assert samples(line) == {"unanswered_ms": 30.0}
    assert latency_tier(line.samples) == (SERVED, 30.0)


def test_journalctl_in_a_french_locale_reads_its_longer_month_abbreviations() -> None:
    # glibc fr_FR's %b: "janv.", "févr.", "avr.", "juil.", "sept." (more than three letters);
    # the header is the host's local time, dockerd's record beside it gives the year and zone
    text = (
        "févr. 05 17:37:29 NAS dbus-daemon[558]: [system] Failed to activate service\n"
        'févr. 05 17:37:30 NAS dockerd[914]: time="2023-02-05T17:37:30.267815651+01:00" '
        'level=info msg="Starting up"\n'
        "sept. 12 10:00:00 NAS CRON[1200]: (root) CMD (run-parts /etc/cron.hourly)\n"
        "avr. 03 10:00:00 NAS systemd[1]: Started Daily apt download activities.\n"
    )
    dbus, dockerd, cron, apt = parse(text)
    assert [line.fmt for line in (dbus, dockerd, cron, apt)] == ["syslog"] * 4
    assert utc(dbus.ts) == "2023-02-05T17:37:29"  # the year dockerd's record gave
    assert dbus.fields is not None and dbus.fields["program"] == "dbus-daemon"
    assert utc(cron.ts)[5:] == "09-12T10:00:00" and utc(apt.ts)[5:] == "04-03T10:00:00"


def test_kube_apiservers_httplog_reads_a_watchs_latency_in_minutes() -> None:
    # wrap.go before 1.19: "%s %s: (%v) %v%v%v [%s %s]", the latency as Go prints it
    text = (
        "I0111 19:04:54.684870       1 wrap.go:47] GET /api/v1/namespaces/kube-system/"
        "secrets?resourceVersion=25988339&timeout=7m39s&timeoutSeconds=459&watch=true: "
        "(7m39.000719686s) 200 [kubelet/v1.14.0 (linux/amd64) kubernetes/40de2ee "
        "35.196.73.207:36040]\n"
        "I0111 19:04:54.700000       1 wrap.go:47] GET /api/v1/nodes/n1?timeout=10s: "
        "(174.269µs) 429 [kubelet/v1.14.0 (linux/amd64) kubernetes/40de2ee 10.0.0.2:1]\n"
    )
    watch, throttled = parse(text)
    assert samples(watch) == {"http_status": 200.0, "response_time_ms": 459000.719686}
    assert samples(throttled) == {"http_status": 429.0, "response_time_ms": 0.174269}


def test_grafanas_request_completed_on_a_5xx_at_info_is_an_error() -> None:
    # Grafana 4's logfmt: its "Request Completed" at lvl=info whatever the status
    text = (
        't=2017-05-27T00:29:28+0300 lvl=info msg="Request Completed" logger=context userId=1 '
        "orgId=1 uname=admin method=GET path=/metrics/find status=502 remote_addr=::1 "
        "time_ms=5 size=0 referer=http://localhost:3000/datasources/edit/1\n"
        't=2017-05-27T00:29:29+0300 lvl=info msg="Request Completed" logger=context userId=1 '
        "orgId=1 uname=admin method=GET path=/login status=302 remote_addr=::1 time_ms=1 "
        "size=29 referer=\n"
    )
    failed, redirected = parse(text)
    assert failed.level == "ERROR" and redirected.level == "INFO"
    assert samples(failed)["http_status"] == 502.0


def test_fluent_bits_output_plugins_statuses_are_their_stores_answers() -> None:
    text = (
        "[2025/09/16 09:34:21] [error] [output:opensearch:opensearch.1] HTTP status=503 "
        "URI=/_bulk, response:\n"
        "[2025/09/16 09:34:24] [error] [output:loki:loki.2] could not flush records to "
        "loki-gateway.default.svc.cluster.local:80 HTTP status=502\n"
        "[2025/09/16 09:35:09] [ warn] [output:es:es.0] HTTP status=429 URI=/_bulk\n"
    )
    lines = parse(text)
    assert len(lines) == 3 and all(HTTP_STATUS not in samples(line) for line in lines)
    assert [line.level for line in lines[:2]] == ["ERROR", "ERROR"]  # its own words still


def test_eurekas_client_lines_are_the_registrys_answers() -> None:
    # Spring Cloud Netflix's DiscoveryClient, behind Spring Boot's layout
    text = (
        "2025-05-02T11:22:28.882Z  INFO 1 --- [admin-server] [           main] "
        "com.netflix.discovery.DiscoveryClient    : The response status is 200\n"
        "2025-05-02T11:22:29.632Z  INFO 1 --- [admin-server] [foReplicator-%d] "
        "com.netflix.discovery.DiscoveryClient    : DiscoveryClient_ADMIN-SERVER/f02c0df11f5a:"
        "admin-server:9090 - registration status: 204\n"
        "2025-05-02T11:23:29.632Z  INFO 1 --- [admin-server] [tbeatExecutor-0] "
        "com.netflix.discovery.DiscoveryClient    : DiscoveryClient_ADMIN-SERVER/f02c0df11f5a:"
        "admin-server:9090 - Heartbeat status: 503\n"
    )
    lines = parse(text)
    assert len(lines) == 3 and all(samples(line) == {} for line in lines)
    assert [line.level for line in lines] == ["INFO"] * 3


def test_urllib3_curl_and_http_clients_own_logs_of_a_call_are_no_served_status() -> None:
    # urllib3's connectionpool at DEBUG (under requests, botocore), curl -v's headers and
    # http.client's debuglevel print, behind Python's default layout or alone
    text = (
        "2024-03-01 10:00:00,456 - urllib3.connectionpool - DEBUG - https://api.github.com:443 "
        '"GET /repos/x/y HTTP/1.1" 404 None\n'
        "2024-03-01 10:00:01,001 DEBUG http://localhost:9200 "
        '"POST /_bulk HTTP/1.1" 503 1520\n'
        "< HTTP/1.1 502 Bad Gateway\n"
        "reply: 'HTTP/1.1 500 Internal Server Error\\r\\n'\n"
    )
    lines = parse(text)
    assert len(lines) == 4 and all(HTTP_STATUS not in samples(line) for line in lines)
    assert [line.level for line in lines[:2]] == ["DEBUG", "DEBUG"]


def test_aspnet_core_2s_request_finished_gives_its_status_and_time() -> None:
    # Hosting diagnostics before .NET 6: "Request finished in {ms}ms {StatusCode} {ContentType}",
    # behind an NLog layout of its own and behind Serilog's
    text = (
        "[2019-07-21 00:52:14][Info] Microsoft.AspNetCore.Hosting.Internal.WebHost Request "
        "finished in 431.7359ms 200 application/json; charset=utf-8 \n"
        "2019-07-21 00:52:15.000 +02:00 [INF] Request finished in 17.5855ms 500 \n"
    )
    ok, failed = parse(text)
    assert samples(ok) == {"http_status": 200.0, "response_time_ms": 431.7359}
    assert samples(failed) == {"http_status": 500.0, "response_time_ms": 17.5855}
    assert failed.level == "ERROR"


def test_ef_cores_command_behind_nlogs_logger_name_is_a_query_time() -> None:
    # NLog's default layout: "${longdate} ${uppercase:${level}} ${logger} ${message}"
    (line,) = parse(
        "2025-05-21 17:36:12.4434 INFO Microsoft.EntityFrameworkCore.Database.Command Executed "
        "DbCommand (13ms) [Parameters=[], CommandType='Text', CommandTimeout='30']\n"
    )
    assert samples(line) == {"query_ms": 13.0}


def test_the_gin_zap_templates_request_in_zaps_console_encoder() -> None:
    # GinLogger of the common Gin+zap template (msg: the path; zap.Duration("cost"): seconds
    # under the production encoder config), through zap's console encoder; a 500 at info
    text = (
        "2022-12-18 19:14:23\tinfo\tlogger/logger.go:94\t/register\t"
        '{"status": 200, "Method": "POST", "path": "/register", "query": "", "ip": "::1", '
        '"user-agent": "PostmanRuntime/7.29.0", "error": "", "cost": 0.0063068}\n'
        "2022-12-18 19:15:23\tinfo\tlogger/logger.go:94\t/login\t"
        '{"status": 500, "Method": "POST", "path": "/login", "query": "", "ip": "::1", '
        '"user-agent": "PostmanRuntime/7.29.0", "error": "", "cost": 1.5}\n'
    )
    ok, failed = parse(text)
    assert samples(ok) == {"http_status": 200.0, "latency_ms": pytest.approx(6.3068)}
    assert failed.level == "ERROR" and samples(failed)["latency_ms"] == 1500.0


def test_another_statuss_reason_phrase_after_a_number_makes_it_no_status() -> None:
    # Django's "%(levelname)s %(asctime)s %(module)s:%(lineno)d %(message)s": the line
    # number before django.request's "Internal Server Error: /path"
    (line,) = parse("ERROR 2024-09-04 22:01:24,770 log:224 Internal Server Error: /api/v1/tree/1\n")
    assert line.level == "ERROR" and HTTP_STATUS not in samples(line)
    (said,) = parse("2024-09-04 22:01:25,000 INFO proxy: upstream answered 502 Bad Gateway\n")
    assert samples(said)[HTTP_STATUS] == 502.0


def test_an_entry_with_no_message_takes_its_lines_behind_a_compose_prefix_too() -> None:
    # Spring Boot's ConditionEvaluationReportLogger at INFO: an empty message, a blank line,
    # then its text, each behind `docker compose up`'s prefix
    text = (
        "backend-app   | 2026-02-11T20:34:01.806Z  INFO 1 --- [recipes_app] [           main] "
        ".s.b.a.l.ConditionEvaluationReportLogger : \n"
        "backend-app   | \n"
        "backend-app   | Error starting ApplicationContext. To display the condition evaluation "
        "report re-run your application with 'debug' enabled.\n"
        "backend-app   | 2026-02-11T20:34:01.900Z ERROR 1 --- [recipes_app] [           main] "
        "o.s.boot.SpringApplication               : Application run failed\n"
    )
    report, failed = parse(text)
    assert report.level == "INFO" and "Error starting ApplicationContext" in "".join(
        (report.message, *report.detail)
    )
    assert failed.level == "ERROR"


def test_promtails_push_answered_is_the_stores_status() -> None:
    # Loki's client (clients/pkg/client/client.go): the push's answer, at warn and at error
    text = (
        "level=warn ts=2024-03-01T10:00:00.000Z caller=client.go:419 component=client "
        'host=loki:3100 msg="error sending batch, will retry" status=429 tenant= '
        'error="server returned HTTP status 429 Too Many Requests (429): Ingestion rate limit"\n'
        "level=error ts=2024-03-01T10:00:05.000Z caller=client.go:430 component=client "
        'host=loki:3100 msg="final error sending batch" status=400 tenant= error="entry too far '
        'behind"\n'
    )
    retried, dropped = parse(text)
    assert HTTP_STATUS not in samples(retried) and HTTP_STATUS not in samples(dropped)
    assert retried.level == "WARNING" and dropped.level == "ERROR"
