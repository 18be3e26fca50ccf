"""Rails' development log, one request a block: the exception report Rails writes after a
failed request's ``Completed 500 ...`` line is that request's detail, no second error (issue
17: docs/log-formats.md, Rails request blocks)."""

from __future__ import annotations

from console import events as ev
from tests.helpers.parsing import parse, samples

FAILED_VIEW = """\
Started GET "/shelves" for 127.0.0.1 at 2023-03-09 16:04:11 +0100
Processing by ShelvesController#index as HTML
  Shelf Load (0.3ms)  SELECT "shelves".* FROM "shelves"
  Rendered shelves/index.html.erb within layouts/application (4.1ms)
Completed 500 Internal Server Error in 21ms

ActionView::Template::Error (undefined method `title' for nil:NilClass):
    3: <ul>
    4:   <li><%= @shelf.title %></li>
  app/views/shelves/index.html.erb:4:in `_app_views_shelves_index_html_erb___41_7020'


  Rendered /gems/actionpack-4.2.1/lib/action_dispatch/templates/rescues/_trace.erb (1.8ms)
Started GET "/shelves/2" for 127.0.0.1 at 2023-03-09 16:04:19 +0100
Processing by ShelvesController#show as HTML
Completed 200 OK in 12ms (Views: 9.0ms | ActiveRecord: 0.4ms)
"""


def test_the_report_after_a_failed_request_is_its_detail() -> None:
    lines = parse(FAILED_VIEW)
    errors = [e for e in lines if e.level in ev.ERROR_LEVELS]
    assert [e.message for e in errors] == ["Completed 500 Internal Server Error in 21ms"]
    report = errors[0].detail
    assert "ActionView::Template::Error (undefined method `title' for nil:NilClass):" in report
    assert any(d.startswith("  app/views/shelves/index.html.erb:4:in") for d in report)
    assert samples(errors[0]) == {"http_status": 500.0, "response_time_ms": 21.0}
    # the trace's lines are no Rails log calls of their own, the next request stands apart
    assert not any(e.message.startswith("app/views/") for e in lines)
    assert lines[-1].message.startswith("Completed 200 OK in 12ms")


# Rails 5's report: blank lines (one of two spaces), the message over lines up to "):", the
# frames at the margin.
NOT_FOUND = """\
Started GET "/boards/none/cards" for ::1 at 2021-11-02 08:15:40 +0900
Processing by Api::CardsController#index as JSON
  Parameters: {"board_id"=>"none"}
  Board Load (0.2ms)  SELECT  `boards`.* FROM `boards` WHERE `boards`.`id` = 0 LIMIT 1
Completed 404 Not Found in 4ms (ActiveRecord: 0.2ms)


  \n\
ActiveRecord::RecordNotFound (Couldn't find Board with 'id'=none
Did you mean?  board_id):
  \n\
app/controllers/api/cards_controller.rb:5:in `set_board'
app/controllers/api/cards_controller.rb:2:in `index'
Started GET "/boards/3" for ::1 at 2021-11-02 08:15:44 +0900
Processing by BoardsController#show as HTML
Completed 200 OK in 15ms (Views: 11.2ms | ActiveRecord: 1.0ms)
"""


def test_a_report_of_many_lines_and_its_frames_join_the_request() -> None:
    lines = parse(NOT_FOUND)
    assert not [e for e in lines if e.level in ev.ERROR_LEVELS]  # a 404: a warning, one
    failed = next(e for e in lines if e.message.startswith("Completed 404"))
    assert failed.level == "WARNING"
    assert failed.detail[-2:] == (
        "app/controllers/api/cards_controller.rb:5:in `set_board'",
        "app/controllers/api/cards_controller.rb:2:in `index'",
    )
    assert "Did you mean?  board_id):" in failed.detail
    assert lines[-1].message.startswith("Completed 200 OK in 15ms")


def test_a_report_with_no_failed_request_before_it_stays_an_error() -> None:
    # a middleware's exception: no Completed line, the exception its rescue logged is the
    # error; a routing error, answered 404, is the request's (a warning)
    lines = parse(
        'Started GET "/reports" for 127.0.0.1 at 2023-03-09 16:05:02 +0100\n'
        "\n"
        "ActiveRecord::StatementInvalid (PG::ConnectionBad: could not connect to server):\n"
        "  activerecord (4.2.1) lib/active_record/connection_adapters/postgresql_adapter.rb:5\n"
        'Started GET "/nowhere" for 127.0.0.1 at 2023-03-09 16:05:03 +0100\n'
        "\n"
        'ActionController::RoutingError (No route matches [GET] "/nowhere"):\n'
        "  actionpack (4.2.1) lib/action_dispatch/middleware/debug_exceptions.rb:21:in `call'\n"
    )
    errors = [e for e in lines if e.level in ev.ERROR_LEVELS]
    assert [e.message[:30] for e in errors] == ["ActiveRecord::StatementInvalid"]
    assert [e.level for e in lines if e.message.startswith("ActionController")] == ["WARNING"]


def test_a_line_of_words_after_a_success_stays_its_own() -> None:
    lines = parse(
        'Started GET "/" for 127.0.0.1 at 2023-03-09 16:06:00 +0100\n'
        "Processing by HomeController#index as HTML\n"
        "Completed 200 OK in 5ms (Views: 3.0ms)\n"
        "\n"
        "Mailer::DeliveryError (smtp down):\n"
    )
    assert lines[-1].message == "Mailer::DeliveryError (smtp down):"
    assert lines[-1].level == "ERROR"
