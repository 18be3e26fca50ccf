"""Issue 17, sets 71 to 77: the round's rules read against lines of other real products and
layouts, and against lines of their own products they still missed. Lines written here in
those shapes (none copied)."""

from __future__ import annotations

import json

from console import events as ev
from tests.helpers.parsing import parse, samples, utc


def test_a_count_completed_of_a_total_is_no_status() -> None:
    # a batch's progress, "Completed {} of {}" (Rust's info!, SLF4J's, Go's Sprintf): the
    # number after the verb counts work done, as "Completed 250 tasks" does
    rec = {
        "@timestamp": "2024-05-20T10:00:01.000Z",
        "level": "INFO",
        "logger_name": "com.example.reindex.Worker",
        "message": "Completed 500 of 1200 documents",
    }
    text = (
        "2024-05-20 10:00:00,100 INFO  [worker-3] c.e.Importer - Completed 404 of 9000 rows\n"
        + json.dumps(rec)
        + "\n"
        # a framework's request completed keeps its status
        + json.dumps({**rec, "message": "Completed 503 SERVICE_UNAVAILABLE"})
        + "\n"
    )
    rows, docs, request = parse(text)
    assert rows.level == "INFO" and samples(rows) == {}
    assert samples(docs) == {}
    assert samples(request) == {"http_status": 503.0}


def test_java_util_logging_in_japanese_and_korean_reads_its_afternoon_and_level() -> None:
    text = (
        # SimpleFormatter's two lines in a ja_JP JVM: CLDR's "5月" (JDK 9 on), the JDK 8
        # bundle's bare month number, 午前 AM and 午後 PM
        "5月 14, 2022 3:41:27 午後 org.apache.catalina.core.ApplicationContext log\n"
        "情報: Initializing Spring DispatcherServlet 'dispatcherServlet'\n"
        "11 02, 2016 12:05:40 午前 org.apache.catalina.startup.HostConfig deployWAR\n"
        "重大: Error deploying web application archive /srv/tomcat/webapps/shop.war\n"
        # ko_KR: "7월", 오전 AM, 오후 PM
        "7월 08, 2020 9:12:03 오전 org.apache.catalina.startup.Catalina start\n"
        "정보: Server startup in 2311 ms\n"
        "7월 08, 2020 12:30:15 오후 org.apache.catalina.core.StandardContext reload\n"
        "경고: Reloading Context with name [/shop] has started\n"
    )
    lines = parse(text)
    assert [ln.fmt for ln in lines] == ["jul"] * 4
    assert [utc(ln.ts) for ln in lines] == [
        "2022-05-14T15:41:27",
        "2016-11-02T00:05:40",
        "2020-07-08T09:12:03",
        "2020-07-08T12:30:15",
    ]
    assert [ln.level for ln in lines] == ["INFO", "ERROR", "INFO", "WARNING"]


def test_a_lambdas_remaining_time_and_a_benchmarks_average_are_no_runs_time() -> None:
    head = "[INFO]\t2024-05-20T10:00:00.123Z\t8f5c2a1e-3b7d-4c0e-9a51-2f6d1c0b7e44\t"
    text = (
        # context.get_remaining_time_in_millis(): the time left before the function's limit
        head + "Remaining execution time: 899873 ms\n"
        "2024-05-20 10:00:01 INFO bench: Average execution time: 230 ms\n"
        # a run's own time under its label is still read
        "2024-05-20 10:00:02 INFO Trashcan pruning total execution time: '42 millis'\n"
    )
    left, average, pruned = parse(text)
    assert samples(left) == {}
    assert samples(average) == {}
    assert samples(pruned) == {"duration_ms": 42.0}


def test_error_after_a_sentences_full_stop_keeps_its_level() -> None:
    text = (
        # Errorf("start failed.Error:%v", err): no space after the full stop, a sentence's end
        "May 20 10:00:00 gw01 gateway[812]: start failed.Error:dial tcp 10.0.0.9:5432: "
        "connect: connection refused\n"
        "May 20 10:00:01 db01 mo-service[77]: authenticate user failed.error:invalid password\n"
        # GLib's D-Bus error's name goes on as a dotted name after its colon: no level
        "May 20 10:00:02 pop-os gnome-shell[1822]: failed to set proxy: "
        "GDBus.Error:org.freedesktop.DBus.Error.ServiceUnknown: The name is not activatable\n"
    )
    start, auth, proxy = parse(text)
    assert start.level == "ERROR" and auth.level == "ERROR"
    assert proxy.level not in ev.ERROR_LEVELS


def test_a_tls_fatal_alert_is_a_failure_where_the_kernels_fatal_signal_is_none() -> None:
    text = (
        "May 20 10:00:00 app01 java[4411]: javax.net.ssl.SSLHandshakeException: Received "
        "fatal alert: certificate_unknown\n"
        "May 20 10:00:01 app01 node[4412]: process exiting on fatal exception\n"
        "May 20 10:00:02 app01 kernel: [  281.000000] potentially unexpected fatal signal 7.\n"
    )
    alert, exiting, signal = parse(text)
    assert alert.level in ev.ERROR_LEVELS
    assert exiting.level in ev.ERROR_LEVELS
    assert signal.level not in ev.ERROR_LEVELS


def test_a_level_word_in_a_zabbix_items_key_is_no_level() -> None:
    text = (
        # the item's key quoted after its host: a log item's pattern names a level
        '  3142:20240520:100200.001 item "web01:log[/var/log/app.log,error,,,skip]" became '
        "supported\n"
        '  3142:20240520:100200.002 item "db01:logrt["/var/log/pg/.*\\.log","FATAL|PANIC"]" '
        'became not supported: Cannot obtain information for file "/var/log/pg/"\n'
        # outside the key, the word is the sentence's (session 28: a sentence's common noun
        # is no level; Zabbix writes none)
        '  3150:20240520:100200.003 Zabbix agent item "system.cpu.load[all,avg1]" on host '
        '"web01" failed: first network error, wait for 15 seconds\n'
    )
    supported, unsupported, failed = parse(text)
    assert supported.fmt == "zabbix" and supported.level not in ev.ERROR_LEVELS
    assert unsupported.level not in ev.ERROR_LEVELS
    assert failed.fmt == "zabbix" and failed.level not in ev.ERROR_LEVELS


def test_go_zeros_plain_encoding_reads_its_level_content_and_status() -> None:
    # logx's Encoding: plain: the time, the level padded by a space each side, the content,
    # then the fields as key=value, a tab between each
    text = (
        "2025-02-24T09:37:34.810+08:00\t slow \t[HTTP] 200 - POST /api/v1/cart - "
        "127.0.0.1:53631 - curl/8.0 - slowcall(977.1ms)\tduration=977.1ms\t"
        "caller=handler/loghandler.go:131\ttrace=0340a3dd\n"
        "2025-02-24T09:37:35.810+08:00\t error \t[HTTP] 503 - GET /api/v1/items - "
        "127.0.0.1:53632 - curl/8.0\tduration=1.2ms\tcaller=handler/loghandler.go:131\n"
        "2025-02-24T09:38:00.000+08:00\t stat \t(api) shedding_stat [1m], cpu: 12, total: 4, "
        "pass: 4, drop: 0\n"
        "2025-02-24T09:38:01.000+08:00\t info \tcart 42 saved\tcaller=logic/cart.go:41\n"
    )
    slow, failed, stat, saved = parse(text)
    assert [ln.level for ln in (slow, failed, stat, saved)] == [
        "WARNING",
        "ERROR",
        "INFO",
        "INFO",
    ]
    assert utc(slow.ts) == "2025-02-24T01:37:34"
    assert slow.message.startswith("[HTTP] 200 - POST /api/v1/cart")
    assert samples(slow) == {"http_status": 200.0, "duration_ms": 977.1}
    assert samples(failed) == {"http_status": 503.0, "duration_ms": 1.2}
    assert stat.message.startswith("(api) shedding_stat") and samples(stat) == {}
    assert saved.message.startswith("cart 42 saved")


def test_monologs_json_records_take_their_level_name() -> None:
    # (found beside the Symfony rule, older than this round) Monolog's JsonFormatter writes
    # its own number (100 DEBUG ... 200 INFO ... 400 ERROR ... 600 EMERGENCY) beside its name:
    # no pino number, where anything over 50 is fatal
    # (its HttpClient's response at INFO is a call it made, no status it served, as its text
    # line is since session 33)
    head = (
        '{"message":"Response: \\"200 https://api.example.com/v1/rates\\" 0.085 seconds",'
        '"context":{},'
    )
    text = (
        head + '"level":200,"level_name":"INFO","channel":"http_client",'
        '"datetime":"2024-05-20T10:00:00.123456+00:00","extra":{}}\n'
        '{"message":"Payment refused","context":{"order":12},"level":400,"level_name":"ERROR",'
        '"channel":"app","datetime":"2024-05-20T10:00:01.123456+00:00","extra":{}}\n'
        # pino's own numbers are still read on its scale
        '{"level":60,"time":1716199202000,"msg":"out of memory"}\n'
    )
    response, refused, pino = parse(text)
    assert response.level == "INFO"
    assert samples(response) == {}
    assert refused.level == "ERROR"
    assert pino.level == "FATAL"


def test_a_level_word_after_non_is_negated_as_after_not() -> None:
    text = (
        "May 20 10:00:00 nas smbd[901]: ignoring non-fatal error while closing the share\n"
        "May 20 10:00:01 nas backup[77]: 3 non-critical files skipped\n"
    )
    closing, skipped = parse(text)
    # neither FATAL nor its next word's ERROR: a sentence's noun (session 28)
    assert closing.level not in ev.ERROR_LEVELS
    assert skipped.level not in ev.ERROR_LEVELS
