"""The letters cite the law as it stands in December 2026 (ARCHITECTURE.md, "Deadlines").

Article 12A (Data (Use and Access) Act 2025 s.76, in force 5 February 2026, SI 2026/82) now holds
the time limits: the consolidated Article 12(3) only points to it. So the month is "Articles 12(3)
and 12A", and an extension, the restart after ID or a fee, and the clarification pause are
Article 12A, never Article 12(3) alone.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import pytest

from sarkit import paths
from sarkit.answers import AnswersError, parse_answers
from sarkit.calendars import due_and_reminder
from sarkit.letters import all_letters, build_letter, long_date
from sarkit.profiles import load_catalogue
from tests.letter_extras import extra_answers
from tests.test_letter_content import letter_text


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


ALONE = re.compile(r"Article 12\(3\)(?! and 12A)")
REPLY_FILES = sorted((paths.REPLIES_DIR).glob("*.md"))


@pytest.mark.parametrize("letter_id", sorted(all_letters()))
def test_no_letter_cites_article_12_3_alone(catalogue, letter_id):
    adviser = extra_answers(letter_id)
    spec = all_letters()[letter_id]
    for follows in spec.follows or ("",):
        text = " ".join(letter_text(catalogue, letter_id, follows=follows, **adviser).split())
        assert not ALONE.search(text), f"{letter_id} after {follows}: {ALONE.search(text)}"


@pytest.mark.parametrize("path", REPLY_FILES, ids=lambda p: p.stem)
def test_no_reply_page_cites_article_12_3_alone(path):
    assert not ALONE.search(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("letter_id", ["sar-extension-query", "sar-reminder"])
def test_extensions_are_article_12a(catalogue, letter_id):
    text = " ".join(letter_text(catalogue, letter_id, follows="dwp-sar").split())
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if "extension" in sentence and "Article" in sentence:
            assert "12A" in sentence, sentence


def test_the_month_is_articles_12_3_and_12a(catalogue):
    text = " ".join(letter_text(catalogue, "dwp-sar").split())
    assert "within one month of receiving this request (Articles 12(3) and 12A UK GDPR)" in text


def test_the_clarification_pause_is_said_to_be_the_law_now():
    text = (paths.REPLIES_DIR / "asked-to-clarify.md").read_text(encoding="utf-8")
    assert "not settled" not in text
    assert "This is the law now (since 5 February 2026)" in text
    assert "UK GDPR Article 12A" in text


# --- a complaint never calls an answer late before it is due (issue 14, item 2) --------------


def test_a_complaint_before_the_answer_is_due_is_refused_saying_when_it_may_be_sent(catalogue):
    # A SAR posted first class on Friday 20 November 2026 is received on Tuesday 24 November
    # (the second working day); one month later is Thursday 24 December 2026.
    with pytest.raises(AnswersError) as raised:
        letter_text(
            catalogue,
            "controller-complaint",
            sent_on="2026-11-20",
            date="2026-12-03",
            reply="no-reply",
        )
    (error,) = raised.value.errors
    assert error.field == "date"
    assert "not due until 24 December 2026" in error.message
    assert "from 25 December 2026" in error.message and "reminder" in error.message


def test_on_the_day_it_is_due_it_is_still_not_late(catalogue):
    with pytest.raises(AnswersError):
        letter_text(catalogue, "ico-complaint", sent_on="2026-11-20", date="2026-12-24")
    assert "I have not received an answer" in letter_text(
        catalogue, "controller-complaint", sent_on="2026-11-20", date="2026-12-29", reply="no-reply"
    )


def test_a_refusal_can_be_complained_about_at_once(catalogue):
    text = letter_text(
        catalogue,
        "controller-complaint",
        sent_on="2026-11-20",
        date="2026-12-03",
        reply="refused-sar",
        reply_on="2026-12-01",
    )
    assert "refused my request" in " ".join(text.split())


def test_a_follow_up_must_follow_a_letter_it_lists(catalogue):
    with pytest.raises(AnswersError) as raised:
        letter_text(catalogue, "ico-complaint", follows="objection")
    assert [e.field for e in raised.value.errors] == ["follows"]
    assert "Choose the letter you sent first" in raised.value.errors[0].message


# --- never the claimant's risk (issue 14, item 3) ----------------------------------------------


def test_asking_questions_never_reads_as_not_registering(catalogue):
    text = " ".join(letter_text(catalogue, "provider-questions").split())
    assert "Before I decide" not in text
    assert "If you tell me it is, I will register while I wait for your answers" in text


@pytest.mark.parametrize("letter_id", ["erasure", "objection"])
def test_erasure_and_objection_ask_first_whether_the_site_is_a_requirement(catalogue, letter_id):
    text = " ".join(letter_text(catalogue, letter_id).split())
    assert "is part of my requirements" in text or "as a requirement for me" in text


# --- dates and delivery (issue 14, item 8) ------------------------------------------------------


def test_the_foi_asks_for_email_only_when_there_is_one(catalogue):
    with_email = " ".join(letter_text(catalogue, "dwp-foi").split())
    assert "receive the information by email" in with_email
    without = " ".join(letter_text(catalogue, "dwp-foi", email="").split())
    assert "by email" not in without.split("## Time limit")[0]
    assert "receive the information on paper, by post" in without


def test_the_no_answer_yet_reminder_never_falls_on_a_weekend_or_bank_holiday():
    # Due Thursday 24 December 2026: Friday 25 is Christmas Day, then a weekend, and Monday 28
    # is the Boxing Day substitute, so the first day anyone could be chased is Tuesday 29.
    due, reminder = due_and_reminder(date(2026, 12, 24), "SAR", "", "x")
    assert due.day == date(2026, 12, 24)
    assert reminder.day == date(2026, 12, 29)
    # an ordinary Wednesday: the next day
    assert due_and_reminder(date(2026, 12, 2), "SAR", "", "x")[1].day == date(2026, 12, 3)


# --- one name for the regulator (issue 14, item 9) ----------------------------------------------


@pytest.mark.parametrize("letter_id", sorted(all_letters()))
def test_the_regulators_name_comes_only_from_its_recipient_profile(catalogue, letter_id):
    """Rename the regulator in its profile, as the Information Commission will one day require,
    and no letter still calls it the Information Commissioner (except in a quoted 2015 view)."""
    renamed = replace(
        catalogue.recipients["ico"],
        name="Information Commission",
        organisation="Information Commission",
    )
    changed = replace(catalogue, recipients={**catalogue.recipients, "ico": renamed})
    adviser = extra_answers(letter_id)
    spec = all_letters()[letter_id]
    for follows in spec.follows or ("",):
        text = " ".join(letter_text(changed, letter_id, follows=follows, **adviser).split())
        left = re.findall(r"Information Commissioner(?!'s Office, dated 15 May 2015)", text)
        assert left == [], f"{letter_id} after {follows!r}"


@pytest.mark.parametrize("adviser", [False, True], ids=["claimant", "adviser"])
def test_the_whatdotheyknow_text_has_no_post_based_due_date_or_reply_address(adviser):
    """WhatDoTheyKnow sends by email and shows its own due date; replies come back through it."""
    from sarkit.whatdotheyknow import public_request_link

    extra = {"adviser": {"name": "Alex Adviser", "address": "2 Advice Lane"}} if adviser else {}
    data = {"nation": "england", "site": "find-a-job", "provider": "jobcentre-plus"}
    person = {"name": "Sam Example", "address": "1 Example Street", "postcode": "EX1 1EX"}
    answers, _ = parse_answers({**data, **person, "email": "sam@example.com", **extra})
    doc = build_letter("dwp-foi", answers, load_catalogue())
    text = public_request_link(doc)["text"]
    assert "section 1 of the Freedom of Information Act 2000" in text  # the request is there
    assert "twentieth working day" in text  # the law stays; the date worked out from post goes
    assert long_date(doc.extra["dates"].due.due) not in text
    for words in ("I expect your answer by", "by post", "reply", "sam@example.com", "Sam Example"):
        assert words not in text, words


# --- dates counted from receipt (review m1, m2; issue 14 item 8) --------------------------------

CATALOGUE = load_catalogue()


def test_a_complaint_is_acknowledged_within_30_days_beginning_on_receipt():
    """DPA 2018 s.164A(3): the day of receipt is day 1. Worked by hand: received Monday
    14 December 2026, day 30 is Tuesday 12 January 2027."""
    from sarkit.deadlines import complaint_acknowledged_by

    assert complaint_acknowledged_by(date(2026, 12, 14)) == date(2027, 1, 12)
    text = " ".join(
        letter_text(
            CATALOGUE, "controller-complaint", date="2026-12-10", reply="incomplete"
        ).split()
    )  # posted first class on Thursday 10 December: received Monday 14 December
    assert "so by 12 January 2027" in text
    assert "section 164A of the Data Protection Act 2018" in text


def test_a_reminders_final_date_counts_from_receipt_and_skips_the_christmas_bank_holidays():
    """Dated Thursday 10 December 2026, first class: received Monday 14 December; 14 days on is
    Monday 28 December, the substitute Boxing Day bank holiday, so Tuesday 29 December."""
    text = " ".join(letter_text(CATALOGUE, "sar-reminder", date="2026-12-10").split())
    assert "by 29 December 2026" in text
    assert "by 24 December 2026," not in text  # the old reading, counted from the letter date


def test_provider_questions_ask_for_an_answer_by_a_date():
    text = " ".join(letter_text(CATALOGUE, "provider-questions", date="2026-12-10").split())
    assert "in writing by 29 December 2026, 14 days after you receive this letter" in text


# --- adviser mode (issue 14 item 6) -------------------------------------------------------------

ADVISER = {"name": "Alex Adviser", "organisation": "Example Advice", "address": "2 Advice Lane"}


def test_the_signed_authority_carries_no_ni_number_or_date_of_birth():
    """A copy goes in every envelope, to private operators too."""
    text = letter_text(
        CATALOGUE, "authority-to-act", adviser=ADVISER, nino="QQ123456C", dob="1980-02-03"
    )
    assert "QQ 12 34 56 C" not in text and "3 February 1980" not in text
    assert "Only the Department for Work and Pensions (DWP) needs them" in " ".join(text.split())


def test_an_advisers_request_to_dwp_names_and_encloses_dwps_own_form_but_not_in_ni():
    gb = " ".join(letter_text(CATALOGUE, "dwp-sar", adviser=ADVISER).split())
    assert "DWP's personal information charter asks anyone writing on another person's" in gb
    assert "DWP's request for personal information form, filled in for my client" in gb
    ni = letter_text(CATALOGUE, "dwp-sar", adviser=ADVISER, nation="northern-ireland")
    assert "request for personal information form" not in ni


def test_an_adviser_letter_says_where_to_reply_once_and_prefers_the_advisers_email():
    text = " ".join(
        letter_text(
            CATALOGUE, "provider-questions", adviser={**ADVISER, "email": "alex@advice.example"}
        ).split()
    )
    assert text.count("reply") - text.count("replies") == 1, text
    assert "by email to alex@advice.example, or by post to Example Advice, 2 Advice Lane." in text
