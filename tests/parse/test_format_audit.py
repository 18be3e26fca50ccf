"""Issue 17's audit of the formats on-call engineers meet most: the ones found read wrong,
each in its documented shape (lines of our own), read right by a rule of its own."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_supervisord_four_letter_levels() -> None:
    # supervisord's loggers.py names its levels CRIT ERRO WARN INFO DEBG TRAC BLAT.
    got = parse(
        "2024-05-16 09:00:01,123 INFO spawned: 'app' with pid 12\n"
        "2024-05-16 09:00:02,456 ERRO pool app event buffer overflowed, discarding event 7\n"
        "2024-05-16 09:00:03,000 CRIT Supervisor is running as root.\n"
        "2024-05-16 09:00:04,000 DEBG 'app' stdout output:\n"
    )
    assert [g.level for g in got] == ["INFO", "ERROR", "CRITICAL", "DEBUG"]
    assert got[1].message == "pool app event buffer overflowed, discarding event 7"
    assert utc(got[1].ts, "milliseconds") == "2024-05-16T09:00:02.456"


def test_cassandra_level_thread_then_time_with_spaces_in_the_thread() -> None:
    # logback.xml's "%-5level [%thread] %date{ISO8601} %F:%L - %msg%n".
    got = parse(
        "ERROR [main] 2024-05-16 09:00:01,123 CassandraDaemon.java:789 - Exception encountered"
        " during startup\n"
        "java.lang.RuntimeException: bind failed\n"
        "\tat org.apache.cassandra.service.CassandraDaemon.setup(CassandraDaemon.java:230)\n"
        "INFO  [Service Thread] 2024-05-16 09:00:04,000 GCInspector.java:285 - G1 Young"
        " Generation GC in 312ms.\n"
        "WARN  [ScheduledTasks:1] 2024-05-16 09:00:05,500 NoSpamLogger.java:94 - slow\n"
    )
    assert [g.level for g in got] == ["ERROR", "INFO", "WARNING"]
    assert [utc(g.ts, "milliseconds") for g in got] == [
        "2024-05-16T09:00:01.123",
        "2024-05-16T09:00:04.000",
        "2024-05-16T09:00:05.500",
    ]
    assert got[0].message == "Exception encountered during startup"
    assert len(got[0].detail) == 2
    assert got[1].fields is not None and got[1].fields["thread"] == "Service Thread"


def test_journalctl_short_full_weekday_date_zone() -> None:
    got = parse(
        "Thu 2024-05-16 11:00:01 CEST web1 sshd[12]: error: kex_exchange_identification\n"
        "Thu 2024-05-16 09:00:02 UTC web1 app[13]: started\n"
    )
    assert [utc(g.ts) for g in got] == ["2024-05-16T09:00:01", "2024-05-16T09:00:02"]
    assert [g.level for g in got] == ["ERROR", "INFO"]
    assert got[1].message == "started"


def test_kong_total_latency_is_latencies_request() -> None:
    # Kong's file-log/http-log: latencies.request is the whole request, .kong its own part.
    got = parse(
        '{"latencies":{"request":1532,"kong":10,"proxy":1500},"request":{"method":"GET",'
        '"uri":"/x"},"response":{"status":502,"size":300},"started_at":1715850001123}\n'
    )
    assert samples(got[0])["http_status"] == 502
    durations = [v for n, v, _s in got[0].samples if n.endswith("_ms")]
    assert durations[0] == 1532.0  # the line's request duration is its first
    assert utc(got[0].ts, "milliseconds") == "2024-05-16T09:00:01.123"


def test_serilog_default_text_request_line() -> None:
    # Serilog.AspNetCore's request logging template, under the console sink's default.
    got = parse(
        "2024-05-16 11:00:03.123 +02:00 [ERR] HTTP GET /pay responded 500 in 12.3456 ms\n"
        "2024-05-16 11:00:04.000 +02:00 [INF] HTTP GET / responded 200 in 1.5 ms\n"
    )
    assert [g.level for g in got] == ["ERROR", "INFO"]
    assert utc(got[0].ts, "milliseconds") == "2024-05-16T09:00:03.123"
    assert samples(got[0]) == {"http_status": 500.0, "response_time_ms": 12.3456}
    assert samples(got[1])["http_status"] == 200.0


def test_kubernetes_audit_level_is_no_severity() -> None:
    # audit.k8s.io's "level" says how much was recorded (None, Metadata, Request,
    # RequestResponse): the severity is the response's.
    got = parse(
        '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Metadata","auditID":"a1",'
        '"stage":"ResponseComplete","requestURI":"/api/v1/pods","verb":"list",'
        '"responseStatus":{"metadata":{},"code":200},'
        '"requestReceivedTimestamp":"2024-05-16T09:00:01.123456Z",'
        '"stageTimestamp":"2024-05-16T09:00:01.223456Z"}\n'
        '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"RequestResponse","auditID":"b2",'
        '"stage":"ResponseComplete","verb":"create","responseStatus":{"metadata":{},'
        '"status":"Failure","reason":"Forbidden","code":403},'
        '"requestReceivedTimestamp":"2024-05-16T09:00:02Z","stageTimestamp":"2024-05-16T09:00:02Z"}\n'
        '{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"Request","auditID":"c3",'
        '"stage":"ResponseComplete","verb":"get","responseStatus":{"metadata":{},"code":500},'
        '"requestReceivedTimestamp":"2024-05-16T09:00:03Z","stageTimestamp":"2024-05-16T09:00:03Z"}\n'
    )
    assert [g.level for g in got] == ["INFO", "WARNING", "ERROR"]
    assert [samples(g)["http_status"] for g in got] == [200.0, 403.0, 500.0]
    assert utc(got[0].ts, "milliseconds") == "2024-05-16T09:00:01.123"
    assert got[0].fields is not None and got[0].fields["level"] == "Metadata"


def test_mongodb_debug_severities() -> None:
    got = parse(
        '{"t":{"$date":"2024-05-16T09:00:04.000Z"},"s":"D2", "c":"QUERY", "id":1, '
        '"ctx":"conn1","msg":"planning"}\n'
        '{"t":{"$date":"2024-05-16T11:00:05.000+02:00"},"s":"E", "c":"NETWORK", "id":23, '
        '"ctx":"listener","msg":"Error","attr":{"error":"bind failed"}}\n'
    )
    assert [g.level for g in got] == ["DEBUG", "ERROR"]
    assert utc(got[1].ts) == "2024-05-16T09:00:05"


def test_php_fpm_slow_log_entry_holds_its_stack() -> None:
    got = parse(
        "[16-May-2024 09:00:05] WARNING: [pool www] child 44, script '/var/www/index.php'"
        ' (request: "GET /index.php") executing too slow (5.123456 sec), logging\n'
        "\n"
        "[16-May-2024 09:00:05]  [pool www] pid 44\n"
        "script_filename = /var/www/index.php\n"
        "[0x00007f3a1c013e40] sleep() /var/www/index.php:3\n"
        "[0x00007f3a1c013d50] main() /var/www/index.php:0\n"
    )
    heads = [g for g in got if g.message.strip()]
    assert len(heads) == 2
    assert heads[0].level == "WARNING"
    assert heads[1].detail == (
        "script_filename = /var/www/index.php",
        "[0x00007f3a1c013e40] sleep() /var/www/index.php:3",
        "[0x00007f3a1c013d50] main() /var/www/index.php:0",
    )
    assert utc(heads[1].ts) == "2024-05-16T09:00:05"


def test_grafana_request_time_ms() -> None:
    # Grafana before 8 logged a request's time as time_ms only (later beside duration).
    got = parse(
        't=2024-05-16T09:00:04+0000 lvl=info msg="Request Completed" logger=context '
        "method=GET path=/api/x status=404 remote_addr=10.0.0.1 time_ms=3 size=0\n"
        't=2024-05-16T09:00:05+0000 lvl=eror msg="Request Completed" logger=context '
        "method=GET path=/api/y status=500 remote_addr=10.0.0.1 time_ms=1532 size=0\n"
    )
    assert [g.level for g in got] == ["INFO", "ERROR"]
    assert [samples(g)["http_status"] for g in got] == [404.0, 500.0]
    assert [[v for n, v, _s in g.samples if n.endswith("_ms")] for g in got] == [[3.0], [1532.0]]


def test_elasticsearch_text_slow_log_took_millis() -> None:
    # log4j2.properties' slowlog pattern: "[%d{ISO8601}][%-5p][%c{1.}] [%node_name]%marker %m".
    got = parse(
        "[2024-05-16T09:00:03,000][WARN ][i.s.s.query              ] [n1] [shop][0] took[1.5s],"
        " took_millis[1500], total_hits[10 hits], types[], stats[],"
        " search_type[QUERY_THEN_FETCH], total_shards[1], source[{}], id[],\n"
        "[2024-05-16T09:00:04,000][ERROR][o.e.b.ElasticsearchUncaughtExceptionHandler] [n1]"
        " fatal error in thread [main], exiting\n"
        "java.lang.OutOfMemoryError: Java heap space\n"
    )
    assert [g.level for g in got] == ["WARNING", "ERROR"]
    assert samples(got[0]) == {"duration_ms": 1500.0}
    assert utc(got[0].ts) == "2024-05-16T09:00:03"
    assert got[1].detail == ("java.lang.OutOfMemoryError: Java heap space",)


def test_php_error_log_time_in_a_named_zone() -> None:
    # PHP's error_log writes date.timezone's name after the time ("d-M-Y H:i:s e"): a
    # region's zone, its summer time included.
    got = parse(
        "[16-May-2024 11:00:02 Europe/Berlin] PHP Warning:  Undefined variable $x in"
        " /var/www/index.php on line 5\n"
        "[16-May-2024 05:00:03 America/New_York] PHP Fatal error:  Uncaught Exception: boom in"
        " /var/www/index.php:3\n"
        "Stack trace:\n"
        "#0 {main}\n"
        "  thrown in /var/www/index.php on line 3\n"
        "[16-Jan-2024 10:00:04 Europe/Berlin] PHP Notice:  x\n"
        "[16-May-2024 09:00:05 UTC] PHP Parse error:  syntax error\n"
    )
    assert [utc(g.ts) for g in got] == [
        "2024-05-16T09:00:02",
        "2024-05-16T09:00:03",
        "2024-01-16T09:00:04",
        "2024-05-16T09:00:05",
    ]
    assert [g.level for g in got] == ["WARNING", "FATAL", "NOTICE", "ERROR"]
    assert len(got[1].detail) == 3


def test_jboss_wildfly_time_of_day_with_a_comma() -> None:
    # Keycloak before Quarkus (WildFly): "%d{HH:mm:ss,SSS} %-5p [%c] (%t) %s%e%n".
    got = parse(
        "2024-05-16 09:00:00,000 INFO  [org.jboss.as] (main) WFLYSRV0049: starting\n"
        "09:00:01,123 ERROR [org.keycloak.services] (default task-1) KC-SERVICES0013: Failed"
        " authentication\n"
        "09:00:02,456 INFO  [org.jboss.as] (Controller Boot Thread) WFLYSRV0025: started\n"
    )
    assert [utc(g.ts, "milliseconds") for g in got] == [
        "2024-05-16T09:00:00.000",
        "2024-05-16T09:00:01.123",
        "2024-05-16T09:00:02.456",
    ]
    assert [g.level for g in got] == ["INFO", "ERROR", "INFO"]


def test_php_fpm_access_log_default_and_www_conf_example() -> None:
    # access.format's default "%R - %u %t \"%m %r\" %s" (%t unbracketed), and www.conf's
    # example "%R - %u %t \"%m %r%Q%q\" %s %f %{mili}d %{kilo}M %C%%".
    got = parse(
        '10.0.0.1 -  16/May/2024:09:00:03 +0000 "GET /index.php" 500 /var/www/html/index.php'
        " 1532.123 2048 12.50%\n"
        '10.0.0.1 - bob 16/May/2024:11:00:05 +0200 "POST /api.php?x=1" 404\n'
        '10.0.0.1 -  16/May/2024:09:00:06 +0000 "GET /index.php" 200\n'
    )
    assert [utc(g.ts) for g in got] == [
        "2024-05-16T09:00:03",
        "2024-05-16T09:00:05",
        "2024-05-16T09:00:06",
    ]
    assert [g.level for g in got] == ["ERROR", "WARNING", "INFO"]
    assert samples(got[0]) == {"http_status": 500.0, "request_time_ms": 1532.123}
    assert samples(got[1]) == {"http_status": 404.0}


def test_kubectl_get_events_type_is_the_level() -> None:
    got = parse(
        "LAST SEEN   TYPE      REASON      OBJECT            MESSAGE\n"
        "2m          Warning   BackOff     pod/web-1         Back-off restarting failed container\n"
        "30s         Normal    Killing     pod/web-1         Stopping container app: error in"
        " liveness probe\n"
        "3h5m        Normal    Pulled      pod/web-1         Successfully pulled image\n"
        "shop        5m        Warning     Unhealthy   pod/web-2   Readiness probe failed: HTTP"
        " probe failed with statuscode: 500\n"
    )
    assert [g.level for g in got[1:]] == ["WARNING", "INFO", "INFO", "WARNING"]
    assert got[2].message.startswith("30s ")


def test_envoy_json_duration_written_as_a_string_is_ms() -> None:
    # Envoy before typed JSON wrote every json_format value as a string: "%DURATION%" ms.
    got = parse(
        '{"start_time":"2024-05-16T09:00:01.500Z","method":"POST","path":"/api",'
        '"response_code":"503","response_flags":"UF","duration":"2001","bytes_sent":"91"}\n'
        '{"start_time":"2024-05-16T09:00:02.000Z","response_code":200,"duration":3}\n'
    )
    assert [samples(g) for g in got] == [
        {"http_status": 503.0, "duration_ms": 2001.0},
        {"http_status": 200.0, "duration_ms": 3.0},
    ]
    assert [g.level for g in got] == ["ERROR", "INFO"]


def test_nginx_json_msec_is_the_time() -> None:
    got = parse(
        '{"msec":"1715850001.123","remote_addr":"10.0.0.1","request":"GET / HTTP/1.1",'
        '"status":"502","request_time":"1.532","upstream_response_time":"1.000, 0.530"}\n'
        '{"msec":"1715850002.500","status":"200","request_time":"0.012"}\n'
    )
    assert [utc(g.ts, "milliseconds") for g in got] == [
        "2024-05-16T09:00:01.123",
        "2024-05-16T09:00:02.500",
    ]
    assert samples(got[0])["request_time_ms"] == 1532.0


def test_puma_error_dump_of_a_ruby_exception_is_an_error() -> None:
    # Puma's ErrorLogger: "#{Time.now} #{text}: #{error.inspect}", no level.
    got = parse(
        "2024-05-16 09:00:01 +0000 Puma starting in single mode...\n"
        "2024-05-16 11:00:02 +0200 Rack app: #<ActiveRecord::ConnectionTimeoutError: could not"
        " obtain a connection>\n"
        "2024-05-16 09:00:03 +0000 Rack app: #<Foo bar> was logged\n"
        "2024-05-16 09:00:04 +0000 Read: #<Errno::ECONNRESET: Connection reset by peer>\n"
        "2024-05-16 09:00:05 +0000 Rack app: #<Net::ReadTimeout: Net::ReadTimeout>\n"
    )
    # (the third: no exception, read as before, "Rack app:" as a syslog host and program)
    assert [g.level for g in got] == ["UNKNOWN", "ERROR", "INFO", "ERROR", "ERROR"]
    assert utc(got[1].ts) == "2024-05-16T09:00:02"
