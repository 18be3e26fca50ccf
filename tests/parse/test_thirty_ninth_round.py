"""Session 39's sets: shapes written here after the real files named beside each test."""

from __future__ import annotations

from console.parse import derived
from tests.helpers.parsing import parse


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
