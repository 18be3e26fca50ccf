"""Issue 17 (set 27): durations a message says in words that no rule read (``Took 0.04s to
...`` opening a sentence, ``Spent 18ms reading ...``, ``... successfully in 8.25ms``, a
message that is only ``Done in 41.5 ms``). Lines written here in those shapes."""

from __future__ import annotations

from tests.helpers.parsing import parse, samples

# --- durations said in words ---------------------------------------------------------------


def test_took_opening_a_sentence_is_the_lines_duration() -> None:
    text = (
        "2025-03-04 10:00:01,250 INFO [loader] Assets - Took 0.0421s to index the texture packs\n"
        "2025-03-04 10:00:01,300 INFO [loader] Assets - Took 12 milliseconds to sort them\n"
        "2025-03-04 10:00:01,400 INFO [loader] Assets - Took the cached index\n"
    )
    lines = parse(text)
    assert samples(lines[0]) == {"duration_ms": 42.1}
    assert samples(lines[1]) == {"duration_ms": 12.0}
    assert samples(lines[2]) == {}


def test_time_spent_on_a_piece_of_work() -> None:
    text = (
        "2025-03-04 10:00:01,250 INFO [loader] Assets - Spent 18ms reading the pack index.\n"
        "2025-03-04 10:00:01,300 INFO [loader] Shop - player spent 40 coins on a lantern\n"
    )
    lines = parse(text)
    assert samples(lines[0]) == {"duration_ms": 18.0}
    assert samples(lines[1]) == {}  # no unit of time: a count


def test_work_done_successfully_in_a_time() -> None:
    text = (
        "2025-03-04 10:00:01,250 INFO [main] Index - Index rebuilt successfully in 8.25ms. "
        "Entries: 4102\n"
        "2025-03-04 10:00:01,300 INFO [main] Migrate - Step 3 ran successfully in 16ms\n"
        "2025-03-04 10:00:01,400 INFO [main] Boot - Server started successfully in 2.1s\n"
    )
    lines = parse(text)
    assert samples(lines[0]) == {"duration_ms": 8.25}
    assert samples(lines[1]) == {"duration_ms": 16.0}
    assert samples(lines[2]) == {}  # a start-up's time, as "initialization completed in"


def test_done_in_a_time_as_the_whole_message() -> None:
    text = (
        "2025-03-04 10:00:02,000 [Worker-Main-3/INFO] [Scripts/]: Done in 41.5 ms\n"
        "2025-03-04 10:00:02,100 INFO [main] Builder - Finished in 120ms.\n"
        "2025-03-04 10:00:02,200 INFO [main] Boot - Root context: initialization completed in "
        "2264 ms\n"
        "2025-03-04 10:00:02,300 INFO [main] Sync - Done in 5s, a retry follows\n"
        "[Scripts/]: Completed in 0.75 seconds\n"
    )
    lines = parse(text)
    assert [samples(x) for x in lines] == [
        {"duration_ms": 41.5},
        {"duration_ms": 120.0},
        {},  # a start-up's, and not the message's opening words
        {},  # the time does not close the message
        {"duration_ms": 750.0},  # a plain line (no time of ours) after a logger's colon
    ]
