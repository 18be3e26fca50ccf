"""Session 37's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from console.parse import derived, measures
from tests.helpers.parsing import parse, samples, utc


def test_plays_error_handler_message_under_a_2_4_head() -> None:
    # Play 2.4 on ("%date [%level] from %logger in %thread - %message%n%xException", set
    # 401): the error handler's message opens with a newline, the head's line ending with the
    # separator; the id line under it is the entry's message (the request answered 500), the
    # exception and its trace are its detail: one error
    text = (
        "2021-10-06 16:00:16,472 [INFO] from play.api.Play in dispatcher-8 - Application "
        "started (Dev) (no global state)\n"
        "2021-10-06 16:00:16,530 [ERROR] from play.api.http.DefaultHttpErrorHandler in "
        "play-dev-mode-akka.actor.default-dispatcher-8 - \n"
        "\n"
        "! @7l9nbbp7d - Internal server error, for (POST) [/person] ->\n"
        " \n"
        "play.api.db.evolutions.InvalidDatabaseRevision: Database 'default' needs evolution!\n"
        "\tat play.api.db.evolutions.EvolutionsWebCommands.handleWebCommand(X.scala:511)\n"
        "2021-10-06 16:00:17,000 [WARN] from application in dispatcher-9 - slow\n"
    )
    started, failed, warned = parse(text)
    assert [started.level, failed.level, warned.level] == ["INFO", "ERROR", "WARNING"]
    assert failed.message.startswith("! @7l9nbbp7d - Internal server error")
    assert failed.fields == {
        "logger": "play.api.http.DefaultHttpErrorHandler",
        "thread": "play-dev-mode-akka.actor.default-dispatcher-8",
        "status": 500,
        "method": "POST",
        "path": "/person",
    }
    assert samples(failed) == {measures.HTTP_STATUS: 500}
    assert any("InvalidDatabaseRevision" in d for d in failed.detail)
    assert utc(failed.ts) == "2021-10-06T16:00:16"
    # a message that merely ends with a dash keeps its line
    (dashed,) = parse("2021-10-06 16:00:18,000 [INFO] from app in main - retry -\n")
    assert dashed.fmt != "play" and dashed.message.endswith("retry -")


def test_pm2_daemon_log_levels_by_console_method() -> None:
    # PM2's ~/.pm2/pm2.log (set 403): "<time>: PM2 log: ..." and "PM2 error: ..."; its CLI's
    # warning passed on through console.error stays a warning
    text = (
        "2022-03-30T05:31:16: PM2 log: Script /home/x/app.js had too many unstable restarts "
        '(16). Stopped. "errored"\n'
        "2022-03-30T05:32:43: PM2 error: app=httpsapp id=3 does not have a pid\n"
        "2022-02-04T11:58:30: PM2 error: [PM2][WARN] No process found\n"
        "2019-06-25T15:15:34: PM2 error: Error: ENOENT: no such file or directory\n"
        "    at Object.fs.openSync (fs.js:646:18)\n"
    )
    stopped, no_pid, warned, failed = parse(text)
    assert [e.level for e in (stopped, no_pid, warned, failed)] == [
        "INFO",
        "ERROR",
        "WARNING",
        "ERROR",
    ]
    assert no_pid.message == "app=httpsapp id=3 does not have a pid"
    assert list(failed.detail) == ["    at Object.fs.openSync (fs.js:646:18)"]
    assert utc(no_pid.ts) == "2022-03-30T05:32:43"


def test_delayed_job_times_a_job_of_any_class() -> None:
    # Delayed Job's worker log (set 403): "Class#method completed after 13.7888" names no
    # job, its worker's tag does; 4.x's "Job X (id=1) COMPLETED after 0.0123" too
    text = (
        "2012-04-18T21:13:45+0100: [Worker(delayed_job host:laptop.local pid:61869)] "
        "Class#importFbLikes completed after 13.7888\n"
        "2020-01-01T10:00:00+0000: [Worker(host:web1 pid:123)] Job ImportJob (id=42) "
        "COMPLETED after 0.0123\n"
        "2012-04-18T21:13:46+0100: [Worker(delayed_job host:laptop.local pid:61869)] "
        "1 jobs processed at 0.0701 j/s, 0 failed ...\n"
    )
    old, new, summary = parse(text)
    assert samples(old) == {"duration_ms": 13788.8}
    assert derived.latency_tier(old.samples, old) == (derived.TIMED, 13788.8)
    assert samples(new) == {"duration_ms": 12.3}
    assert derived.latency_tier(new.samples, new) == (derived.TIMED, 12.3)
    assert not samples(summary)


def test_lager_crash_report_title_glued_behind_a_message() -> None:
    # lager's crash.log (set 401): a report written without its newline, the next report's
    # title behind it; the line is that report: a crash or supervisor report an error, a
    # progress report none
    text = (
        "2013-12-19 22:22:41 =ERROR REPORT====\n"
        'Unable to determine options for "/home/mk/lincx/scripts/config_test.erl"'
        "2013-12-19 22:22:41 =ERROR REPORT====\n"
        'Unable to determine options for "/home/mk/lincx/scripts/of_controller_v4.erl"'
        "2013-12-19 22:22:42 =CRASH REPORT====\n"
        "  crasher:\n"
        "    initial call: tuncer:init/1\n"
        'Unable to determine options for "/home/mk/lincx/scripts/of_controller.erl"'
        "2013-12-19 22:22:43 =PROGRESS REPORT====\n"
        "    supervisor: {local,sasl_safe_sup}\n"
    )
    head, glued, crashed, progressed = parse(text)
    assert [e.level for e in (head, glued, crashed, progressed)] == [
        "ERROR",
        "ERROR",
        "ERROR",
        "INFO",
    ]
    assert crashed.detail[0] == "  crasher:"


def test_monolog_http_client_channels_state_no_status_served() -> None:
    # Symfony's dev.log (set 405): EightPointsGuzzleBundle's line for each call the app made
    # ("GET http://api/... 200"), Symfony HttpClient's response; the app's own channel's
    # request line keeps its status
    text = (
        "[2019-03-05 08:43:52] eight_points_guzzle.INFO: GET http://realestate.example.pl/api"
        "/wording/ 200 [] []\n"
        '[2023-01-01 10:00:00] http_client.INFO: Response: "503 https://api.example.com/v1" '
        "[] []\n"
        "[2023-01-01 10:00:01] app.INFO: GET /home 500 [] []\n"
    )
    guzzle, client, own = parse(text)
    assert not samples(guzzle) and not samples(client)
    assert guzzle.level == client.level == "INFO"
    assert samples(own) == {measures.HTTP_STATUS: 500}
