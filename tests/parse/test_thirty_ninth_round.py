"""Session 39's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from console.parse import derived
from tests.helpers.parsing import parse, utc


def test_a_files_path_in_a_timed_line_is_no_request_served() -> None:
    # Airflow's DAG file processor (sets 313, 373, 425): the scheduler reading its own DAG
    # files, timed; a path under a file system's top directory, or a source file's, is no
    # request's target, so no latency judged against the SLO
    text = (
        "[2023-09-14T11:43:17.397+0000] {processor.py:179} INFO - Processing "
        "/opt/airflow/dags/4_the_best_movies.py took 1.222 seconds\n"
        "[2023-09-14T11:43:18.000+0000] {processor.py:179} INFO - Processing "
        "/home/ruth/dags/db_test.py took 0.150 seconds\n"
        "[2023-09-14T11:43:19.000+0000] {app.py:10} INFO - Compiled /app/views.py took "
        "0.2 seconds\n"
        "[2023-09-14T11:43:20.000+0000] {app.py:10} INFO - Served /api/v1/dags took 0.3 seconds\n"
        "[2023-09-14T11:43:21.000+0000] {app.py:10} INFO - GET /static/app.py took 0.1 seconds\n"
    )
    opt, home, compiled, api, method = parse(text)
    for own in (opt, home, compiled):
        assert own.samples and derived.latency_tier(own.samples, own) is None
    # a URL's path, and any target behind a method, are still requests served
    assert derived.latency_tier(api.samples, api) is not None
    assert derived.latency_tier(method.samples, method) is not None


def test_cabins_ruby_hash_lines_are_records() -> None:
    # Logstash 1.4's log (set 442; Logstash before 5.0, fpm and other tools on the Cabin
    # logger write a Ruby Hash's inspect a line): its time, level and message read as a JSON
    # record's, an exception inspected as Ruby does kept as the object's text
    text = (
        '{:timestamp=>"2014-08-27T17:19:39.340000+0000", :message=>"Reading config file", '
        ':file=>"logstash/agent.rb", :level=>:debug, :line=>"301"}\n'
        '{:timestamp=>"2016-09-29T11:10:05.559000+0200", :message=>"Parsed JSON object/hash '
        'requires a target configuration option", :source=>"message", :raw=>"", :level=>:warn}\n'
        '{:timestamp=>"2016-09-29T11:10:06.000000+0200", :message=>"Pipeline aborted due to '
        'error", :exception=>#<Errno::EACCES: Permission denied - /var/lib/logstash/.sincedb>, '
        ':backtrace=>["org/jruby/RubyFile.java:370:in `initialize\'", "file.rb:1"], '
        ":level=>:error}\n"
        '{:timestamp=>"2018-07-21T12:49:29.324299+0000", :message=>"Created package", '
        ':path=>"python-pipenv_2018.7.1_all.deb"}\n'
        '{:timestamp=>"2017-02-10T17:19:47.073000+0800", :message=>"webhdfs write caused an '
        'exception: {\\"RemoteException\\":{\\"exception\\":\\"Recovery\\"}}\\nretrying", '
        ":level=>:error}\n"
    )
    debug, warn, error, created, escaped = parse(text)
    assert (utc(debug.ts), debug.level, debug.message) == (
        "2014-08-27T17:19:39",
        "DEBUG",
        "Reading config file",
    )
    assert (utc(warn.ts), warn.level) == ("2016-09-29T09:10:05", "WARNING")
    assert error.level == "ERROR" and error.message == "Pipeline aborted due to error"
    assert str(error.fields["exception"]).startswith("#<Errno::EACCES: Permission denied")
    assert error.fields["backtrace"].startswith('["org/jruby/RubyFile.java:370')
    assert (utc(created.ts), created.level) == ("2018-07-21T12:49:29", "INFO")
    assert escaped.level == "ERROR" and escaped.message.startswith(
        'webhdfs write caused an exception: {"RemoteException":{"exception":"Recovery"}}\nretry'
    )
    assert utc(escaped.ts) == "2017-02-10T09:19:47"


def test_a_ruby_hash_that_is_no_cabin_record_stays_a_line() -> None:
    # an app printing a hash of its own data: no time or message key, no record
    (line,) = parse("{:rooms=>1, :shelters=>2, :refilled=>true}\n")
    assert line.fmt != "json" and line.message.startswith("{:rooms=>1")
