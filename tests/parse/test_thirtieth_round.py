"""Session 30's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples


def test_express_winstons_request_record_is_an_error_on_a_5xx() -> None:
    # express-winston's default: "HTTP {{req.method}} {{req.url}}" as the message, the
    # request and response under meta, "level": "info" whatever the status (statusLevels off)
    failed, served = parse(
        '{"level":"info","message":"HTTP POST /api/orders","meta":{"req":{"method":"POST",'
        '"url":"/api/orders","httpVersion":"1.1"},"res":{"statusCode":502},"responseTime":87}}\n'
        '{"level":"info","message":"HTTP GET /api/orders/7","meta":{"req":{"method":"GET",'
        '"url":"/api/orders/7"},"res":{"statusCode":200},"responseTime":12}}\n'
    )
    assert failed.level == "ERROR"
    assert samples(failed)["http_status"] == 502.0
    assert samples(failed)["response_time_ms"] == 87.0
    assert served.level == "INFO"


def test_a_message_saying_more_than_its_request_keeps_its_level() -> None:
    # an info record about a request that says something of its own: its logger's level
    (line,) = parse(
        '{"level":"info","message":"GET /api/orders retried once","method":"GET","status":503}\n'
    )
    assert line.level == "INFO"


def test_binds_resolver_errors_are_no_error_level() -> None:
    # BIND 9's lame-servers category through syslog (no PRI in the file): what a query's
    # answer was, logged at info; a named line with its own level word keeps it
    lame, unreachable, failed = parse(
        "May 26 18:22:48 ns1 named[812]: error (insecurity proof failed) resolving "
        "'43.255.188.169.in-addr.arpa/PTR/IN': 193.0.9.3#53\n"
        "May 26 18:22:49 ns1 named[812]: error (network unreachable) resolving './NS/IN': "
        "2001:500:2::c#53\n"
        "May 26 18:22:50 ns1 named[812]: zone example.org/IN: loading from master file "
        "example.org.db failed: file not found\n"
    )
    assert lame.level != "ERROR"
    assert unreachable.level != "ERROR"
    assert failed.level != "ERROR"  # (no level word: as before)


def test_a_v8_frames_function_name_is_no_level() -> None:
    # Heroku's logplex gives each line of a Node stack its own time: a frame whose function
    # is named ".err" or ".error" is a frame, no error entry of its own
    _opened, frame = parse(
        "2017-09-06T18:07:28.017540+00:00 app[web.1]: Unhandled rejection "
        "SequelizeConnectionRefusedError: connect ECONNREFUSED 127.0.0.1:3306\n"
        "2017-09-06T18:07:28.017551+00:00 app[web.1]:     at Promise.tap.then.catch.err "
        "(/app/node_modules/sequelize/lib/dialects/mysql/connection-manager.js:136:19)\n"
    )
    assert frame.level != "ERROR"
