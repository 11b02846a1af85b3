"""The domain's messages are marked for translation, and pages show them translated."""

import ast
import re
from pathlib import Path

import sarkit
from sarkit.answers import DEFAULT_MAX_LENGTH, MAX_LENGTH, AnswersError, FieldError, parse_answers
from sarkit.web import posted_answers

DOMAIN = Path(sarkit.__file__).parent


def field_error_calls():
    for path in sorted(DOMAIN.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "FieldError":
                yield path.relative_to(DOMAIN), node


def test_every_error_message_is_marked_for_translation():
    calls = list(field_error_calls())
    assert len(calls) >= 30  # measured 3 December 2026: 33
    for where, call in calls:
        message = call.args[1]
        assert isinstance(message, ast.Call) and getattr(message.func, "id", "") == "N_", (
            f"{where}:{call.lineno}: mark the message with N_() so it can be translated"
        )


def test_values_are_kept_out_of_the_words_so_the_words_can_be_translated():
    try:
        parse_answers({"name": "x" * 1000})
    except AnswersError as error:
        (problem,) = error.errors
    assert problem.template == "Enter %(label)s in %(limit)s characters or fewer."
    limit = MAX_LENGTH.get("name", DEFAULT_MAX_LENGTH)
    assert problem.params == {"label": "your full name", "limit": limit}
    assert problem.message == f"Enter your full name in {limit} characters or fewer."


def test_a_page_shows_the_message_in_its_language(monkeypatch):
    welsh = {
        "Enter %(label)s in %(limit)s characters or fewer.": "Rhowch %(label)s mewn %(limit)s nod.",
        "your full name": "eich enw llawn",
    }

    def gettext(text, **values):
        text = welsh.get(text, text)
        return text % values if values else text

    monkeypatch.setattr(posted_answers, "gettext", gettext)
    error = FieldError(
        "name",
        "Enter %(label)s in %(limit)s characters or fewer.",
        {"label": "your full name", "limit": 200},
    )
    assert posted_answers.shown(error) == "Rhowch eich enw llawn mewn 200 nod."


def test_dates_go_through_babel_so_welsh_can_follow_and_the_server_locale_does_not_matter():
    from datetime import date

    from sarkit.deadlines import day_name, long_date, month_name

    assert long_date(date(2027, 2, 1)) == "1 February 2027"
    assert long_date(date(2027, 2, 1), "cy") == "1 Chwefror 2027"
    assert day_name(date(2027, 2, 27)) == "Saturday"
    assert month_name(date(2027, 2, 1)) == "February 2027"
    for path in DOMAIN.rglob("*.py"):  # strftime's names follow the server's locale
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"%[aAbB]|strftime\(", text), path
