"""Issue 17, a second review of this session's rules (sets 39, 40, 42) against common logs
they were not written for: lines of our own in the shapes of Python logging, JSON app logs,
CI output and config dumps, where a rule read a count as a status, an issue's number beside a
URL as one, or a setting's period as a time spent. Each test holds the rule's own case beside
the misfire, so the mend is seen to keep it."""

from __future__ import annotations

import json

from tests.helpers.parsing import parse, samples, utc

_PY = "2024-06-01 10:00:00,123 - app - {} - {}\n"


def _status(line: str) -> float | None:
    return samples(parse(line)[0]).get("http_status")


def _record(**fields: object) -> str:
    return json.dumps({"time": "2024-06-01T10:00:00Z", **fields}) + "\n"


# --- a status verb's number is a count when a count's noun follows it ---------------------


def test_a_verb_of_a_status_then_a_count_of_things_says_no_status() -> None:
    # a cache's or a query's result count after the verbs that cue a status
    for message in (
        "Returning 200 results from stale cache",
        "returning 100 items",
        "Query returned 204 rows.",
        "Completed 250 tasks in batch 3",
    ):
        assert _status(_PY.format("INFO", message)) is None, message


def test_a_failing_json_records_count_of_rows_is_no_status() -> None:
    # a record at ERROR has its message read for a status in words: a count is none
    line = _record(level="error", msg="error: returned 500 rows from cache")
    assert "http_status" not in samples(parse(line)[0])


def test_a_verb_of_a_status_keeps_its_status() -> None:
    # Jenkins' CrumbFilter; a client's call; Rails' and a proxy's wordings
    assert _status(_PY.format("WARNING", "No valid crumb was included. Returning 403.")) == 403
    assert _status(_PY.format("INFO", "GET /api/x returned 404 for user 12")) == 404
    assert _status(_PY.format("INFO", "upstream returned 502 in 12 ms")) == 502
    line = _record(level="error", msg="request failed: returned 503 from upstream")
    assert samples(parse(line)[0]).get("http_status") == 503


# --- a number in brackets after a URL: a status only with the size or time after it -------


def test_an_issues_number_after_a_url_is_no_status() -> None:
    for message in (
        "see https://github.com/acme/app/issues (404)",
        "Mirror https://mirror.example.org/ubuntu (250)",
    ):
        line = parse(_PY.format("INFO", message))[0]
        assert "http_status" not in samples(line), message
        assert line.level == "INFO", message


def test_cloud_inits_read_from_a_url_is_no_status_served() -> None:
    # the metadata service's answer to cloud-init's read (session 38, sets 412 and 433)
    message = "Read from http://169.254.169.254/latest/api/token (200, 56b) after 1 attempts"
    assert _status(_PY.format("DEBUG", message)) is None


# --- a record's ...Time key: a setting's period is no time spent -------------------------


def test_a_settings_period_under_a_time_key_is_no_duration() -> None:
    for key in ("refreshTime", "pollTime", "graceTime", "reconnectTime", "heartbeatTime"):
        line = parse(_record(level="info", msg="config loaded", **{key: "30s"}))[0]
        assert not samples(line), key


def test_a_time_spent_under_a_time_key_is_still_read() -> None:
    # winston's "processingTime":"23027ms"
    line = parse(_record(level="info", msg="job done", processingTime="23027ms"))[0]
    assert samples(line) == {"duration_ms": 23027.0}


# --- an epoch field's year: the same moment as the header's, not only the same day ---------


def test_a_count_that_reads_as_an_epoch_on_the_days_date_gives_no_year() -> None:
    # 1591001234 is 2020-06-01T08:47:14Z: the header's day of the year, not its time (nor
    # any zone's: 1 h 12 min 46 s off); one such line re-dated the whole file to 2020
    text = (
        "Jun  1 09:59:00 host backupd[12]: starting\n"
        "Jun  1 10:00:00 host backupd[12]: 1591001234 bytes written to /var/backup\n"
        "Jun  1 10:00:05 host backupd[12]: done\n"
    )
    assert [utc(ln.ts)[:4] for ln in parse(text)] == ["2024", "2024", "2024"]


def test_an_epoch_field_of_the_headers_moment_still_gives_the_year() -> None:
    # HAProxy's %Ts one second before the header, in a zone one hour east; a connection
    # logged at its close two hours on (a websocket's) takes its neighbours' year
    text = (
        "Mar  1 10:35:12 lb1 haproxy[812]: 1362130511 203.0.113.9:51514 10.0.0.5:8080 "
        "GET /index.html 200 web be_app 6f1c2a\n"
        "Mar  1 10:35:13 lb1 haproxy[812]: 1362123313 203.0.113.9:51516 10.0.0.5:8080 "
        "GET /ws 101 web be_app 7a2b3c\n"
    )
    assert [utc(ln.ts) for ln in parse(text)] == ["2013-03-01T10:35:12", "2013-03-01T10:35:13"]


# --- a number closing a sentence after a status's cue word ---------------------------------


def test_a_count_closing_a_sentence_mid_message_is_no_status() -> None:
    # the full stop is taken as a status's only where the message ends (Jenkins' "Returning
    # 403."); a step's count with more said after it is none
    for message in ("Backup completed 100. Verifying", "Step 3 completed 200. Moving on"):
        assert _status(_PY.format("INFO", message)) is None, message
    assert _status(_PY.format("WARNING", "Request for /job/x denied. Returning 403.")) == 403


# --- a progress bar's percentage after a status's cue word --------------------------------


def test_a_progress_percentage_after_a_cue_word_is_no_status() -> None:
    for message in ("Upload completed 100%", "Sync completed 100% (512/512)"):
        assert _status(_PY.format("INFO", message)) is None, message
