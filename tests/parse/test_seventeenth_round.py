"""Rules from the seventeenth session's unseen sets (issue #17), each with lines of our own."""

from __future__ import annotations

from tests.helpers.parsing import parse


def test_a_rails_rescue_at_the_margin_is_an_error_in_a_layout_without_levels() -> None:
    # Rails 2's production.log (no levels): the request block, then the exception Rails'
    # rescue logged at FATAL, "Class (message):", its backtrace indented under it
    text = (
        "Processing OrdersController#show (for 10.0.0.7 at 2013-03-04 09:10:11) [GET]\n"
        '  Parameters: {"id"=>"42"}\n'
        "\n"
        "ActiveRecord::RecordNotFound (Couldn't find Order with ID=42):\n"
        "  app/controllers/orders_controller.rb:12:in `show'\n"
        "\n"
        "Rendering rescues/layout (not_found)\n"
        "NoMethodError (undefined method `total' for nil:NilClass):\n"
        "  app/models/cart.rb:3:in `sum'\n"
    )
    errors = [e for e in parse(text) if e.level == "ERROR"]
    assert [e.message[:28] for e in errors] == [
        "ActiveRecord::RecordNotFound",
        "NoMethodError (undefined met",
    ]
    # prose that starts with a capital and a parenthesis is no exception
    (plain,) = parse("Rendering layouts/application (12.3ms)\n")
    assert plain.level != "ERROR"
