"""The one question-a-page engine (sarkit/web/steps.py) shared by the journey and the replies."""

from flask import Blueprint, Flask, session

from sarkit.web import journey, replies
from sarkit.web.steps import Flow, Step


def small_app() -> Flask:
    """Three questions; the second is asked only when the first said "yes"."""
    app = Flask(__name__)
    app.secret_key = "test"
    bp = Blueprint("q", __name__)
    for name in ("start", "one", "two", "three"):
        bp.add_url_rule(f"/{name}", name, lambda: "")
    app.register_blueprint(bp)
    return app


FLOW = Flow(
    "q",
    (
        Step("q.one", lambda s: "one" in s),
        Step("q.two", lambda s: "two" in s, applies=lambda s: s.get("one") == "yes"),
        Step("q.three", lambda s: False),
    ),
    before_first="q.start",
)


def test_back_and_next_skip_a_question_that_does_not_apply():
    with small_app().test_request_context():
        assert FLOW.back("q.one") == "/start"
        FLOW.save(one="no")
        assert FLOW.back("q.three") == "/one"
        assert FLOW.next("q.one").headers["Location"] == "/three"
        FLOW.save(one="yes")
        assert FLOW.back("q.three") == "/two"
        response = FLOW.next("q.one")
        assert (response.status_code, response.headers["Location"]) == (303, "/two")


def test_a_page_reached_early_goes_to_the_first_question_still_to_answer():
    with small_app().test_request_context():
        assert FLOW.guard("q.three").headers["Location"] == "/one"
        FLOW.save(one="yes")
        assert FLOW.guard("q.three").headers["Location"] == "/two"
        FLOW.save(two="x")
        assert FLOW.guard("q.three") is None
        assert FLOW.guard("q.one") is None  # nothing comes before the first


def test_saving_nothing_removes_an_answer_but_false_is_an_answer():
    with small_app().test_request_context():
        FLOW.save(one="yes", two="x", flag=False)
        FLOW.save(two="", one=None)
        assert session["q"] == {"flag": False}
        FLOW.clear()
        assert "q" not in session


def test_both_journeys_are_built_from_the_one_engine():
    assert isinstance(journey.FLOW, Flow) and isinstance(replies.FLOW, Flow)
    assert journey.FLOW.session_key != replies.FLOW.session_key
    for flow in (journey.FLOW, replies.FLOW):
        endpoints = [s.endpoint for s in flow.steps]
        assert len(endpoints) == len(set(endpoints))
