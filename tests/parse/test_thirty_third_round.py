"""Session 33's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from console.parse import derived, measures
from tests.helpers.parsing import parse, samples, utc


def test_snorts_year_less_alert_stamp_is_read() -> None:
    # Snort's full alert file: each "[**]" block carries "MM/DD-HH:MM:SS.ffffff" on its
    # third line; fast.log opens its line with it (no year unless snort ran with -y)
    text = (
        "[**] [1:527:8] BAD-TRAFFIC same SRC/DST [**]\n"
        "[Classification: Potentially Bad Traffic] [Priority: 2] \n"
        "03/26-08:32:28.115926 0.0.0.0:68 -> 255.255.255.255:67\n"
        "UDP TTL:128 TOS:0x0 ID:0 IpLen:20 DgmLen:328\n"
        "\n"
        "03/26-13:57:11.000412  [**] [1:2000:1] ET SCAN probe [**] [Priority: 2] {TCP} "
        "10.0.0.1:41 -> 10.0.0.2:80\n"
    )
    stamps = sorted(utc(line.ts) for line in parse(text) if line.ts)
    assert stamps[0] == "2024-03-26T08:32:28"
    assert stamps[-1] == "2024-03-26T13:57:11"
    # a dash between a day and a time is Snort's only with its microseconds
    (other,) = parse("03/10-10:00:00 step 3 of 10\n")
    assert utc(other.ts) != "2024-03-10T10:00:00"


def test_plex_media_servers_completed_line_is_a_served_request() -> None:
    # Plex Media Server.log: every request it answered, at DEBUG; its HttpClient's calls
    # out (a 200 from plex.tv) are no request it served
    text = (
        "Feb 06, 2026 12:48:39.813 [136529580047160] DEBUG - Completed: [192.168.1.208:18113] "
        "503 GET /media/providers (2 live) #1 GZIP 0ms 436 bytes (pipelined: 1)\n"
        "Feb 06, 2026 12:48:39.853 [136529445886776] DEBUG - [HttpClient/HCl#1] HTTP/1.1 "
        "(0.1s) 200 response from GET https://plex.tv/api/v2/server/users\n"
        "Feb 06, 2026 12:48:45.872 [136529580047160] DEBUG - Completed: [192.168.1.208:48045] "
        "200 GET /library/sections/50/all?type=1 (6 live) #2a GZIP Page 0-49 3ms 2648 bytes "
        "(pipelined: 2)\n"
        "Feb 06, 2026 12:49:38.829 [136529582156600] DEBUG - Completed: [192.168.1.208:62990] "
        "200 GET /library/sections (5 live) #54 TLS GZIP 539ms 2322 bytes (pipelined: 6)\n"
    )
    served, called, paged, tls = parse(text)
    assert samples(served) == {measures.HTTP_STATUS: 503, "response_time_ms": 0.0}
    # a 5xx served is an error whatever level the server logs its requests at
    assert served.level == "ERROR"
    assert samples(called) == {}
    assert called.level == "DEBUG"
    assert samples(paged) == {measures.HTTP_STATUS: 200, "response_time_ms": 3.0}
    assert paged.level == "DEBUG"  # a 2xx keeps the level it was logged at
    assert samples(tls)["response_time_ms"] == 539.0


def test_a_5xx_served_at_debug_is_an_error_but_a_call_answered_one_is_not() -> None:
    (spring,) = parse(
        "2024-05-02 10:00:00.000 DEBUG 1 --- [nio-8080-exec-1] o.s.web.servlet.DispatcherServlet"
        "        : Completed 500 INTERNAL_SERVER_ERROR\n"
    )
    assert spring.level == "ERROR"
    (call,) = parse(
        "2024-05-02 10:00:00.000 DEBUG [main] client: upstream responded with 503 Service "
        "Unavailable\n"
    )
    assert call.level == "DEBUG"
    assert measures.HTTP_STATUS not in samples(call)


def test_solrs_update_summary_is_timed_by_its_closing_number() -> None:
    # Solr 6's LogUpdateProcessorFactory: what the update did, then " 0 " (its status, a
    # success) and the request's elapsed ms; the search requests' "status=0 QTime=45" alike
    head = "2016-09-20 01:17:35.128 INFO  (qtp110456297-17) [   x:IRF16P1] "
    update, search = parse(
        head + "o.a.s.u.p.LogUpdateProcessorFactory [IRF16P1]  webapp=/solr path=/update "
        "params={commit=true}{commit=} 0 1763\n"
        + head
        + "o.a.s.c.S.Request [IRF16P1]  webapp=/solr path=/select params={q=*:*} hits=10 "
        "status=0 QTime=45\n"
    )
    assert samples(update) == {measures.SERVED_OK_MS: 1763.0}
    assert derived.latency_tier(update.samples, update) == (derived.SERVED, 1763.0)
    assert derived.latency_tier(search.samples, search) == (derived.SERVED, 45.0)
    # a count closing a line after braces is not one without Solr's webapp= before it
    (other,) = parse(head + "cache stats {hits=3} 0 1763\n")
    assert samples(other) == {}


def test_seaweedfs_glog_without_thread_or_bracket_is_read() -> None:
    # SeaweedFS's weed/glog: "Lmmdd hh:mm:ss.uuuuuu file:line msg", no pid, no "]"
    text = (
        "I0614 00:39:50.024209 master.go:282 current: 127.0.0.1:9333 peers:\n"
        "E0614 00:39:52.027614 s3.go:217 wait to connect to filer 127.0.0.1:8888\n"
    )
    info, error = parse(text)
    assert (utc(info.ts), info.level, info.fmt) == ("2023-06-14T00:39:50", "INFO", "klog")
    assert info.message == "current: 127.0.0.1:9333 peers:"
    assert info.fields == {"caller": "master.go:282"}
    assert (utc(error.ts), error.level) == ("2023-06-14T00:39:52", "ERROR")


def test_a_syslog_errors_traceback_under_its_programs_header_is_its_detail() -> None:
    # Amazon Linux's /var/log/messages: eb-cfn-init's own log relayed through syslog, an
    # ERROR record, then logger.exception's traceback, each line behind the header again
    h = "Aug 16 10:05:57 ip-172-31-17-26 [eb-cfn-init]: "
    text = (
        h + "2020-08-16 10:05:34,500 [ERROR] Timeout\n"
        + h + "Traceback (most recent call last):\n"
        + h + '  File "/usr/lib/python2.7/dist-packages/cfnbootstrap/util.py", line 162\n'
        + h + "    return f(*args, **kwargs)\n"
        + h + "ReadTimeout: HTTPSConnectionPool(host='sqs.amazonaws.com'): Read timed out.\n"
        + h + "2020-08-16 10:05:34,503 [DEBUG] Sleeping for 0.428854 seconds\n"
    )  # fmt: skip
    error, sleeping = parse(text)
    assert error.level == "ERROR"
    assert "ReadTimeout" in error.detail[-1]
    assert sleeping.level == "DEBUG"
    # a traceback after another program's line, or after no error, is an entry of its own
    other = (
        h + "2020-08-16 10:05:34,500 [ERROR] Timeout\n"
        "Aug 16 10:05:57 ip-172-31-17-26 ntpd[2586]: Traceback (most recent call last):\n"
    )
    assert [line.level for line in parse(other)] == ["ERROR", "ERROR"]
    quiet = h + "2020-08-16 10:05:34,500 [INFO] ok\n" + h + "Traceback (most recent call last):\n"
    assert [line.level for line in parse(quiet)] == ["INFO", "ERROR"]


def test_home_assistants_setup_and_asyncios_slow_callbacks_time_no_work() -> None:
    # home-assistant.log: a domain's setup at start-up, asyncio's debug warning of a
    # callback that held the loop ("Executing <Task ...> took 0.136 seconds")
    head = "2024-07-28 11:52:45.753 "
    text = (
        head + "INFO (MainThread) [homeassistant.setup] Setup of domain api took 0.02 seconds\n"
        + head + "WARNING (MainThread) [asyncio] Executing <Task finished name='config entry "
        "setup' coro=<ConfigEntry.async_setup_locked() done> result=None> took 0.136 seconds\n"
        + head + "WARNING (MainThread) [asyncio] Executing <TimerHandle when=419636.52 "
        "EntityPlatform._async_handle_interval_callback()> took 0.145 seconds\n"
    )  # fmt: skip
    for line in parse(text):
        assert derived.latency_tier(line.samples, line) is None, line.message
    # a job's time is still work ("Task ... succeeded in 0.2s")
    (job,) = parse(head + "INFO [celery.app.trace] Task app.send[1f2e] succeeded in 0.2s: None\n")
    assert derived.latency_tier(job.samples, job) is not None
