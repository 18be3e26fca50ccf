"""Issue 17, the eleventh round's rules: lines written here in the shapes real services print
(postfix's delivery lines, Zeek's TSV logs, Sidekiq behind a syslog relay ...), never
copied from a log."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples, utc


def test_postfix_delay_is_the_delivery_time_and_the_smtp_reply_no_http_status() -> None:
    """postfix's ``delay=`` (seconds, from arrival to delivery; ``delays=a/b/c/d`` its
    parts) is the entry's duration; the SMTP reply quoted after ``status=sent (`` or a
    remote's ``said:`` is no HTTP status."""
    lines = parse(
        "Mar  3 10:00:01 mx postfix/smtp[2101]: 4A1B2C3D4E: to=<ops@example.org>, "
        "relay=mail.example.org[10.0.0.9]:25, delay=1.4, delays=0.2/0.01/0.5/0.69, "
        "dsn=2.0.0, status=sent (250 2.0.0 OK queued as 77AA)\n"
        "Mar  3 10:00:02 mx postfix/smtp[2102]: 5B2C3D4E5F: to=<bob@example.net>, "
        "relay=mx.example.net[10.0.0.8]:25, delay=7200, delays=7198/0/0.9/1.1, dsn=4.0.0, "
        "status=deferred (host mx.example.net[10.0.0.8] said: 451 Try again later "
        "(in reply to RCPT TO command))\n"
        "Mar  3 10:00:03 mx postfix/local[2103]: 6C3D4E5F6A: to=<root@mx>, relay=local, "
        "delay=0.02, delays=0.01/0/0/0.01, dsn=2.0.0, status=sent (250 OK delivered)\n"
    )
    assert [samples(e) for e in lines] == [
        {"duration_ms": 1400.0},
        {"duration_ms": 7200000.0},
        {"duration_ms": 20.0},
    ]


def test_a_request_status_after_a_long_path_is_still_read() -> None:
    """Gin's ``LoggerWithFormatter`` line with a path longer than the 40 characters looked
    at before a status, and a duration in µs."""
    (line,) = parse(
        "10.0.0.4 - [02 Mar 24 09:00 UTC] GET /static/assets/vendor-bundle-standalone.min.js "
        "200 512.25µs \n"
    )
    assert samples(line) == {"http_status": 200.0, "response_time_ms": 0.51225}


def test_zeek_dns_rtt_is_the_duration() -> None:
    """Zeek's dns.log: ``rtt`` (an interval, seconds) is the query's time, as conn.log's
    ``duration`` is the connection's."""
    lines = parse(
        "#separator \\x09\n"
        "#path\tdns\n"
        "#fields\tts\tuid\tid.orig_h\tid.resp_h\tquery\trtt\trcode_name\n"
        "#types\ttime\tstring\taddr\taddr\tstring\tinterval\tstring\n"
        "1700000000.250000\tCx1\t10.0.0.2\t10.0.0.53\texample.org\t0.031250\tNOERROR\n"
        "1700000001.500000\tCx2\t10.0.0.2\t10.0.0.53\texample.net\t-\tNOERROR\n"
    )
    rows = [e for e in lines if not e.message.startswith("#")]
    assert [utc(e.ts) for e in rows] == ["2023-11-14T22:13:20", "2023-11-14T22:13:21"]
    assert [samples(e) for e in rows] == [{"duration_ms": 31.25}, {}]


def test_sidekiq_elapsed_behind_a_syslog_relay_is_seconds() -> None:
    lines = parse(
        "Apr  9 08:00:01 worker-3 app[worker.1] info pid=7 tid=abc1 class=MailJob "
        "jid=0f1e2d3c INFO: start\n"
        "Apr  9 08:00:04 worker-3 app[worker.1] info pid=7 tid=abc1 class=MailJob "
        "jid=0f1e2d3c elapsed=2.75 INFO: done\n"
    )
    assert [samples(e) for e in lines] == [{}, {"elapsed_ms": 2750.0}]


def test_gitlab_runner_padded_text_with_duration_pairs() -> None:
    """GitLab Runner's text log (logrus' TextFormatter with the message padded to a column):
    ``duration_s=`` seconds, ``duration=`` a Go duration, after the padding (a trailing
    comma from a paste dropped)."""
    lines = parse(
        "Checking for jobs... received                       job=501 runner=ab12cd34\n"
        "Job succeeded                                       duration_s=12.5 job=501\n"
        "WARNING: Job failed: exit code 1                    duration=1m2.5s job=502,\n"
    )
    assert [samples(e).get("duration_ms") for e in lines] == [None, 12500.0, 62500.0]


def test_prose_durations_in_clear_phrases_only() -> None:
    """``took 2.5s``, ``processing time: 1.2s``, a request's or response's ``in 120ms``,
    Sidekiq's ``done: 1.25 sec``; a start-up's ``initialization
    completed in 2264 ms``, a wait's ``retrying in 5s``, a bare number: none."""
    lines = parse(
        "INFO Cache db-1 loaded response in 120ms\n"
        "[WRN] Account fetch took 2.5s\n"
        "[WRN] 10.0.0.7:5000 - cid:9 - Readloop processing time: 1.25s\n"
        "INFO Root WebApplicationContext: initialization completed in 2264 ms\n"
        "WARN request to upstream failed, retrying in 5s\n"
        "INFO Started Application in 4.573 seconds (process running for 5.1)\n"
        "INFO kept 300 items\n"
        "2024-03-02T09:00:00.000Z 7 TID-ab1 MailJob JID-0f1e INFO: done: 1.25 sec\n"
    )
    durations = [next(iter(samples(e).values()), None) for e in lines]
    assert durations == [120.0, 2500.0, 1250.0, None, None, None, None, 1250.0]


def test_a_resource_usage_report_is_no_request_duration() -> None:
    """PostgreSQL's rusage line (autovacuum, VACUUM VERBOSE, log_*_stats: ``CPU: user: N s,
    system: N s, elapsed: N s``) times maintenance work, not a request; seen on an unseen
    file after the prose rule read its ``elapsed:``."""
    lines = parse(
        "2024-03-02 09:00:00.100 UTC [812] LOG:  automatic analyze of table "
        '"shop.public.carts"\n'
        "\tsystem usage: CPU: user: 0.02 s, system: 0.04 s, elapsed: 0.07 s\n"
        "Mar  2 09:00:01 db1 postgres[813]: [7-4] \tsystem usage: CPU: user: 0.00 s, "
        "system: 0.00 s, elapsed: 0.12 s\n"
    )
    assert all(not samples(e) for e in lines)


def test_jenkins_periodic_work_finished_in_ms() -> None:
    lines = parse(
        "Mar 02, 2024 9:00:00 AM INFO hudson.model.AsyncPeriodicWork$1 run\n"
        "Finished Download metadata. 1,234 ms\n"
    )
    assert samples(lines[-1]) == {"duration_ms": 1234.0}


def test_go_error_string_names_the_status_of_the_failed_call() -> None:
    """Alertmanager's (go-kit logfmt) ``err="unexpected status code 500 from ..."`` and
    Prometheus' ``server returned HTTP status 503 Service Unavailable``: the status another
    server answered the program's call with, no request the program served (session 25:
    counted as the line's before, which read Alertmanager's minute as 100 % errors)."""
    lines = parse(
        "level=error ts=2024-03-02T09:00:00.1Z caller=notify.go:332 component=dispatcher "
        'msg="Error on notify" err="unexpected status code 500 from http://hook:9095/send"\n'
        'level=warn ts=2024-03-02T09:00:01.1Z caller=queue_manager.go:516 msg="Failed to '
        'send batch, retrying" err="server returned HTTP status 503 Service Unavailable"\n'
    )
    assert [samples(e).get("http_status") for e in lines] == [None, None]
    assert [e.level for e in lines] == ["ERROR", "WARNING"]


def test_php_messages_of_a_fastcgi_stderr_continue_the_nginx_entry() -> None:
    """nginx quotes a FastCGI server's stderr over several lines, each ``PHP message:``
    with PHP's (or Monolog's) own time in the application's zone: one nginx entry."""
    lines = parse(
        "2024/03/02 09:00:00 [error] 812#812: *41 FastCGI sent in stderr: "
        '"PHP message: [2024-03-02 11:00:00] app.DEBUG: first\n'
        "PHP message: [2024-03-02 11:00:00] app.INFO: second\n"
        "PHP message: PHP Warning:  Undefined variable $x in /srv/a.php on line 3"
        '" while reading response header from upstream, client: 10.0.0.2\n'
        "2024/03/02 09:00:01 [error] 812#812: *42 upstream timed out\n"
    )
    assert [utc(e.ts) for e in lines] == ["2024-03-02T09:00:00", "2024-03-02T09:00:01"]
    assert len(lines[0].detail) == 2


def test_mysql_yymmdd_date_in_a_yearless_syslog_gives_the_year() -> None:
    """Debian's daemon.log: mysqld's own ``141014 13:07:30`` in its message dates the file
    (the same month and day as the header): the lines before it take that year too."""
    lines = parse(
        "Oct 14 13:07:28 leaf acpid: starting up\n"
        "Oct 14 13:07:30 leaf mysqld: 141014 13:07:30 [Note] Plugin 'FEDERATED' is disabled.\n"
        "Oct 14 13:07:31 leaf ntpd[3005]: peers refreshed\n"
    )
    assert [utc(e.ts) for e in lines] == [
        "2014-10-14T13:07:28",
        "2014-10-14T13:07:30",
        "2014-10-14T13:07:31",
    ]


def test_a_yymmdd_date_on_another_day_leaves_the_year_placed() -> None:
    (line,) = parse("Oct 14 13:07:30 leaf mysqld: 141015 13:07:30 [Note] ready\n")
    assert utc(line.ts) == "2023-10-14T13:07:30"


def test_activerecord_query_times_under_a_rails_request() -> None:
    """Rails' development log: ActiveRecord's ``  Article Create (0.5ms)  INSERT ...`` and
    ``   (0.1ms)  begin transaction`` (no name: three spaces), ``CACHE`` hits, each an entry
    with its query's time, even after a line the application logged itself; ``  ↳`` (the
    query's source) continues it."""
    lines = parse(
        'Started POST "/articles" for 127.0.0.1 at 2024-03-02 09:00:00 +0000\n'
        "Processing by ArticlesController#create as HTML\n"
        "Saving the article\n"
        "   (0.1ms)  begin transaction\n"
        "  ↳ app/controllers/articles_controller.rb:31\n"
        '  Article Create (0.5ms)  INSERT INTO "articles" ("title") VALUES (?)\n'
        "  CACHE User Load (0.0ms)  SELECT 1\n"
        "   (2.3ms)  commit transaction\n"
        "Completed 302 Found in 4ms (ActiveRecord: 2.9ms)\n"
    )
    got = [(e.message[:18], samples(e)) for e in lines]
    assert got == [
        ('Started POST "/art', {}),
        ("Processing by Arti", {}),
        ("Saving the article", {}),
        ("(0.1ms)  begin tra", {"query_duration_ms": 0.1}),
        ("Article Create (0.", {"query_duration_ms": 0.5}),
        ("CACHE User Load (0", {"query_duration_ms": 0.0}),
        ("(2.3ms)  commit tr", {"query_duration_ms": 2.3}),
        ("Completed 302 Foun", {"http_status": 302.0, "response_time_ms": 4.0}),
    ]
    assert lines[3].detail == ("  ↳ app/controllers/articles_controller.rb:31",)


def test_named_times_skipped_or_throttled_are_no_request_durations() -> None:
    """etcd's ``forward-duration`` (election ticks fast-forwarded) and Traefik's
    ``providersThrottleDuration`` (a configured throttle) are no time spent serving."""
    lines = parse(
        '{"level":"info","ts":"2024-03-02T09:00:00Z","msg":"fast-forwarding election ticks",'
        '"forward-ticks":9,"forward-duration":"900ms"}\n'
        '{"level":"info","ts":"2024-03-02T09:00:01Z","msg":"loaded",'
        '"providersThrottleDuration":"2s"}\n'
    )
    assert [samples(e) for e in lines] == [{}, {}]


def test_haproxy_log_format_with_the_status_before_the_request() -> None:
    """An HAProxy ``log-format`` of one's own, ``%ci [%t] %ST +%Tt "%r"`` (``+``: option
    logasap), behind syslog: the status and the total time (ms)."""
    lines = parse(
        "Mar  2 09:00:00 10.0.0.5 haproxy[8]: 10.0.0.1 [02/Mar/2024:09:00:00.120] 200 +35 "
        '"GET /health HTTP/1.1" "(curl/8.0)"\n'
        "Mar  2 09:00:01 10.0.0.5 haproxy[8]: 10.0.0.1 [02/Mar/2024:09:00:01.500] 503 1200 "
        '"POST /api HTTP/1.1" "(curl/8.0)"\n'
    )
    assert [samples(e) for e in lines] == [
        {"http_status": 200.0, "response_time_ms": 35.0},
        {"http_status": 503.0, "response_time_ms": 1200.0},
    ]
    assert [e.level for e in lines] == ["INFO", "ERROR"]
