"""The letters for before and after a sanction (issue 16), and the claimant's own deadline for
asking DWP to look again at a decision. Dates worked by hand."""

from __future__ import annotations

from datetime import date

import pytest
from click.testing import CliRunner

from sarkit.answers import AnswersError
from sarkit.cli import main
from sarkit.deadlines import last_day_for_mandatory_reconsideration
from sarkit.letters import all_letters, build_letter
from sarkit.profiles import load_catalogue
from tests.letter_extras import ADVISER_FIELDS
from tests.test_letter_content import letter_text, make_answers

CATALOGUE = load_catalogue()
NEW = (
    "rectification",
    "automated-decisions",
    "journal-message",
    "reasonable-adjustments",
    "site-processors",
    "mandatory-reconsideration",
    "letter-before-claim",
)


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_letters_are_listed_with_the_ids_design_gives():
    assert set(NEW) <= set(all_letters())


@pytest.mark.parametrize(
    ("decision", "last_day"),
    [
        (date(2026, 1, 31), date(2026, 2, 28)),  # DESIGN: a Saturday, and not moved
        (date(2026, 3, 5), date(2026, 4, 5)),  # Easter Sunday 2026: not moved either
        (date(2028, 1, 30), date(2028, 2, 29)),  # a leap year's February
        (date(2026, 11, 28), date(2026, 12, 28)),  # the substitute Boxing Day: not moved
    ],
)
def test_the_last_day_to_ask_is_one_month_on_never_moved_later(decision, last_day):
    assert last_day_for_mandatory_reconsideration(decision).due == last_day


def test_the_command_line_prints_the_last_day_and_the_rule():
    result = CliRunner().invoke(
        main, ["deadline", "mandatory-reconsideration", "--decision", "2026-01-31"]
    )
    assert result.exit_code == 0
    first, rule = result.output.split("\n", 1)
    assert first == "2026-02-28"
    assert "regulation 5" in rule and "not moved" in rule and "not guaranteed" in rule


@pytest.mark.parametrize(
    "args",
    [
        ["deadline", "mandatory-reconsideration"],
        ["deadline", "mandatory-reconsideration", "--received", "2026-01-31"],
        ["deadline", "sar", "--decision", "2026-01-31"],
    ],
)
def test_the_wrong_dates_for_a_deadline_are_refused_with_a_sentence(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code != 0 and "--decision" in result.output


def test_mandatory_reconsideration_in_time_and_late():
    in_time = one_line(
        letter_text(CATALOGUE, "mandatory-reconsideration", decision_on="2026-11-10")
    )  # the letter is dated 20 November 2026, received 24 November
    assert "the month for asking ends on 10 December 2026" in in_time
    assert "section 9 of the Social Security Act 1998" in in_time
    assert "good reason" in in_time and "evidence you relied on" in in_time
    late = one_line(letter_text(CATALOGUE, "mandatory-reconsideration", decision_on="2026-10-01"))
    assert "The month for asking ended on 1 November 2026" in late
    assert "extend the time" in late and "for you to decide" in late  # asks, never promises
    ni = one_line(
        letter_text(
            CATALOGUE,
            "mandatory-reconsideration",
            decision_on="2026-11-10",
            nation="northern-ireland",
        )
    )
    assert "(Northern Ireland) 2016" in ni and "Social Security Act 1998" not in ni


def test_mandatory_reconsideration_needs_the_decisions_date():
    with pytest.raises(AnswersError) as raised:
        build_letter("mandatory-reconsideration", make_answers(), CATALOGUE)
    assert {e.field for e in raised.value.errors} == {"decision_on"}


def test_rectification_prints_the_persons_words_as_typed_and_asks_for_restriction():
    words = "The note of 4 November says *refused to register*. I asked if it was voluntary."
    text = one_line(letter_text(CATALOGUE, "rectification", grounds=words))
    assert words in text
    for law in ("Article 16", "Article 18(1)(a)", "Article 19", "supplementary statement"):
        assert law in text


def test_automated_decisions_asks_and_never_asserts():
    text = one_line(letter_text(CATALOGUE, "automated-decisions"))
    assert "I am not saying that you use such a process" in text
    for law in ("Article 22A", "Article 22C", "Article 15(1)(h)", "Article 21(1)", "(ea)"):
        assert law in text
    assert "Article 22(1)" not in text  # the old general right is gone since 5 February 2026


def test_the_journal_message_is_a_short_note_to_the_work_coach():
    doc = build_letter("journal-message", make_answers(), CATALOGUE)
    assert doc.recipient is not None and doc.recipient.journal
    text = letter_text(CATALOGUE, "journal-message")
    assert "Dear Sir or Madam" not in text and "Yours faithfully" not in text
    assert "keep meeting my requirements" in one_line(text)
    assert len(text.split()) < 200


def test_reasonable_adjustments_cite_the_equality_act_and_keep_the_persons_words():
    text = one_line(letter_text(CATALOGUE, "reasonable-adjustments", grounds="I have dyslexia."))
    assert "I have dyslexia." in text
    assert "section 20" in text and "section 29(7)" in text and "accessible format" in text


def test_site_processors_ask_about_transfers_under_the_2026_chapter_v():
    text = one_line(letter_text(CATALOGUE, "site-processors"))
    assert "Article 44A" in text and "Article 46" in text and "sub-processors" in text


def test_a_letter_before_claim_is_only_for_advisers_and_only_after_a_complaint():
    with pytest.raises(AnswersError) as raised:
        build_letter("letter-before-claim", make_answers(reply="complaint-not-resolved"), CATALOGUE)
    assert "adviser_name" in {e.field for e in raised.value.errors}
    with pytest.raises(AnswersError) as raised:
        build_letter("letter-before-claim", make_answers(**ADVISER_FIELDS), CATALOGUE)
    assert "reply" in {e.field for e in raised.value.errors}
    text = one_line(
        letter_text(
            CATALOGUE, "letter-before-claim", reply="complaint-not-resolved", **ADVISER_FIELDS
        )
    )
    for law in ("section 167", "Article 79", "Article 82", "section 168"):
        assert law in text
    assert "14 days after you receive this letter" in text


# --- the complaint to the controller after these letters (the reply helper's next step) --------


def test_a_complaint_after_a_refused_correction_names_the_request_and_what_to_put_right():
    text = one_line(
        letter_text(
            CATALOGUE,
            "controller-complaint",
            follows="rectification",
            reply="refused-rectification",
            sent_on="2026-10-01",
            sent_method="email",
            reply_on="2026-10-20",
            date="2026-11-20",
        )
    )
    assert "I sent you my request to correct my personal data by email on 1 October 2026" in text
    assert "On 20 October 2026 you refused to correct my record." in text
    assert "correct the record, or add my statement to it (Article 16)" in text
    assert "restrict its use while you check it (Article 18(1)(a))" in text
    assert "tell those you gave it to (Article 19)" in text
    assert "section 164A of the Data Protection Act 2018" in text
    assert "subject access request" not in text and "a copy of all my personal data" not in text


def test_a_complaint_after_an_unanswered_automated_decisions_request_asks_for_the_answer():
    text = one_line(
        letter_text(
            CATALOGUE,
            "controller-complaint",
            follows="automated-decisions",
            reply="no-reply",
            sent_on="2026-10-01",
            sent_method="email",
            date="2026-11-20",
        )
    )
    assert "my request about automated decisions" in text
    assert "Articles 15(1)(h) and 22A to 22D" in text
    assert "I have not received an answer." in text
