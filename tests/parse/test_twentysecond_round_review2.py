"""Review of session 22's last rules (a minute's latency, Monolog's continuation lines, Python
logging's dashed layout) against real shapes they were not written for. Lines written here
in those shapes."""

from __future__ import annotations

import pytest

from console import events as ev
from console.parse import LogParser
from console.parse.derived import DerivedMetrics
from tests.helpers.parsing import parse, samples


def test_a_retrys_wait_after_a_status_is_no_requests_time() -> None:
    # hashicorp/go-retryablehttp's client.go: "[DEBUG] %s: retrying in %s (%d left)", the
    # description "METHOD url (status: N)": the backoff to come, which the latency panel took
    # as a served request's time beside the service's own requests
    text = (
        "2026-03-10T01:28:08.100Z [DEBUG] GET https://api.example.test/v1 (status: 503): "
        "retrying in 8s (3 left)\n"
        "2026-03-10T01:28:09.000Z [INFO]  GET /v1/orders 200 40ms\n"
    )
    retry, served = parse(text)
    # nor is its status one the service served: the remote's answer to the client (session
    # 33's review; it was kept as a served 503 before)
    assert samples(retry) == {}
    assert samples(served) == {"http_status": 200.0, "response_time_ms": 40.0}
    p, d = LogParser(now=lambda: 2e9, year_ref=1.7e9), DerivedMetrics()
    got = [s for e in p.feed_text(text) + p.flush() for s in d.feed(e)] + d.flush()
    latency = [e.value for e in got if isinstance(e, ev.MetricSample)]
    names = [e.name for e in got if isinstance(e, ev.MetricSample)]
    assert latency[names.index(ev.LATENCY_AVG)] == pytest.approx(40.0)


def test_a_level_word_where_the_logger_stands_is_the_nameless_layouts_level() -> None:
    # logging.basicConfig(format="%(asctime)s - %(levelname)s - %(message)s"), as common as
    # the HOWTO's named one, with a message of its own dashes (logger.info(f"Error - {e}")):
    # the level is the layout's, not the message's first word
    text = (
        "2026-03-10 01:28:08,590 - INFO - Error - user 12 not in the master doc\n"
        "2026-03-10 01:28:08,591 - ERROR - Debug - dump follows\n"
        "2026-03-10 01:28:08,592 - WARNING - Info - cache cold\n"
        # the named layout still reads its logger
        "2026-03-10 01:28:08,593 - app.jobs - ERROR - Error - gave up\n"
    )
    info, error, warning, named = parse(text)
    assert (info.level, error.level, warning.level) == ("INFO", "ERROR", "WARNING")
    assert named.level == "ERROR" and named.fields["logger"] == "app.jobs"


def test_phps_own_errors_beside_monologs_entries_are_entries_of_their_own() -> None:
    # Laravel with LOG_CHANNEL=stderr in a php-fpm container: Monolog's lines and PHP's own
    # errors in one stream, the fatal passed on by php-fpm as "NOTICE: PHP message: PHP Fatal
    # error:  Uncaught ..." with its stack (ModestCoders/dockerfiles#18 shows the shape); a
    # queue worker's "PHP Fatal error:  Allowed memory size ..." (main.c's "PHP %s:  %s")
    text = (
        '[2025-06-10 01:18:32] production.ERROR: Payment failed {"order":7}\n'
        "NOTICE: PHP message: PHP Fatal error:  Uncaught Error: Call to a member function "
        "pay() on null in /var/www/html/app/Pay.php:11\n"
        "Stack trace:\n"
        "#0 {main}\n"
        "  thrown in /var/www/html/app/Pay.php on line 11\n"
        "PHP Fatal error:  Allowed memory size of 134217728 bytes exhausted (tried to "
        "allocate 20480 bytes) in /var/www/html/vendor/x.php on line 88\n"
        "[2025-06-10 01:18:40] production.INFO: retrying\n"
        # a message's own next line at the margin is still the entry's
        "<p>Error: line 1: parse error</p>\n"
    )
    failed, uncaught, memory, retry = parse(text)
    assert failed.level == "ERROR" and not failed.detail
    assert uncaught.message.startswith("NOTICE: PHP message: PHP Fatal error:")
    assert len(uncaught.detail) == 3
    assert memory.level == "FATAL" and "Allowed memory size" in memory.message
    assert retry.level == "INFO" and list(retry.detail) == ["<p>Error: line 1: parse error</p>"]
