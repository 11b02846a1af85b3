"""The reply helper's domain: each reply file, and where the claimant stands after an answer.

Every expected date below was worked out by hand from a printed calendar, with ARCHITECTURE.md's
rules (first class is received on the second UK-wide working day after posting, second class on the
fourth, email and by hand the same day; a working day is one that is not a weekend or a bank
holiday anywhere in the UK), then checked with `sarkit deadline`. The bank holidays that matter
here (see tests/test_deadlines.py for the list): St Andrew's Day Mon 30 Nov 2026 (Scotland);
Christmas Fri 25 Dec 2026; Boxing Day substitute Mon 28 Dec 2026; New Year Fri 1 Jan 2027;
2 January substitute Mon 4 Jan 2027 (Scotland).
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from sarkit.answers import Answers
from sarkit.letters import all_letters
from sarkit.replies import (
    CLOCKS,
    FIRST_LETTERS,
    SENT_NAMES,
    ReplyError,
    all_replies,
    calendar,
    explain,
    get_reply,
    replies_for,
    sent_name,
    where_you_stand,
    wording,
)

SAR_LETTERS = ("dwp-sar", "site-sar", "sensitive-data")
REQUIRED_REPLIES = (
    "no-reply",
    "asked-for-id",
    "asked-to-clarify",
    "extended",
    "incomplete",
    "refused-sar",
    "foi-refused-cost",
    "foi-refused-personal",
    "foi-refused-commercial",
    "foi-refused-vexatious",
    "foi-not-held",
    "foi-refused-other",
    "said-mandatory",
    "said-voluntary",
    "said-shared",
    "not-controller",
    "acknowledged",
    "answered",
    "part-answered",
)

# Each reply type: the letters it follows, its first next letter after the first of those, its
# clock, and what its explanation must say (its key legal point), for any standing.
CONTENT = {
    "no-reply": (
        FIRST_LETTERS,
        "sar-reminder",
        "no-reply",
        [
            "Articles 12(3) and 12A",
            "one month",
            "2 more months",
            "reminder",
            "complaint to them",
            "Information Commissioner's Office (ICO)",
        ],
    ),
    "acknowledged": (
        FIRST_LETTERS,
        "sar-reminder",
        "acknowledged",
        ["not an answer", "does not change", "Articles 12(3) and 12A"],
    ),
    "answered": (
        (*SAR_LETTERS, "dwp-foi"),
        "sar-incomplete",
        "answered-by-kind",
        ["**a copy of the data itself**", "Article 15", "**audit trails**", "three months"],
    ),
    "part-answered": (
        ("dwp-foi",),
        "foi-internal-review",
        "foi-answered",
        [
            "section 17",
            "Section 40",
            "Section 43",
            "**public interest**",
            "section 16",
            "**internal review**",
        ],
    ),
    "asked-for-id": (
        SAR_LETTERS,
        "sar-clarification",
        "restart-from-reply",
        ["starts again on the day they **get your ID**", "copies", "never originals"],
    ),
    "asked-to-clarify": (
        SAR_LETTERS,
        "sar-clarification",
        "paused",
        [
            "**pause**",
            "Article 12A",
            "Data (Use and Access) Act 2025",
            "**later** date",
            "confirm their date",
        ],
    ),
    "asked-for-fee": (
        SAR_LETTERS,
        "sar-refusal-challenge",
        "answered",
        ["**free**", "manifestly unfounded or excessive", "Articles 12(5) and 15(3)"],
    ),
    "extended": (
        SAR_LETTERS,
        "sar-extension-query",
        "extended",
        [
            "**2 more months**",
            "Article 12A",
            "complex",
            "**within the first month**",
            "told you why",
        ],
    ),
    "incomplete": (
        SAR_LETTERS,
        "sar-incomplete",
        "answered",
        [
            "**a copy of the data itself**",
            "Article 15",
            "**audit trails**",
            "reasonable and proportionate search",
            "Article 15(1A)",
            "employment provider",
        ],
    ),
    "refused-sar": (
        SAR_LETTERS,
        "sar-refusal-challenge",
        "answered",
        ["manifestly unfounded or excessive", "Article 12(5)", "Article 12(4)", "tell you why"],
    ),
    "complaint-not-resolved": (
        ("dwp-sar", "site-sar"),
        "ico-complaint",
        "answered",
        ["complained to them first", "**three months**"],
    ),
    "foi-refused-cost": (
        ("dwp-foi",),
        "foi-internal-review",
        "foi-answered",
        ["section 12", "Section 16", "advice and help", "**internal review**"],
    ),
    "foi-refused-personal": (
        ("dwp-foi",),
        "foi-internal-review",
        "foi-answered",
        ["Section 40", "**personal data**", "redact", "subject access request"],
    ),
    "foi-refused-commercial": (
        ("dwp-foi",),
        "foi-internal-review",
        "foi-answered",
        ["Section 43", "**public interest test**", "redact"],
    ),
    "foi-refused-vexatious": (
        ("dwp-foi",),
        "foi-internal-review",
        "foi-answered",
        ["Section 14", "about the **request**, not about you", "section 16"],
    ),
    "foi-not-held": (
        ("dwp-foi",),
        "foi-internal-review",
        "foi-answered",
        ["section 3(2)(b)", "held **for** them", "what they searched"],
    ),
    "foi-refused-other": (
        ("dwp-foi",),
        "foi-internal-review",
        "foi-answered",
        ["which exemption", "section 17", "public interest"],
    ),
    "foi-review-refused": (
        ("dwp-foi",),
        "ico-complaint",
        "review-answered",
        ["section 50", "**six weeks**"],
    ),
    "said-mandatory": (
        ("provider-questions",),
        "provider-requirement",
        "none",
        [
            "Keep meeting your work-search requirements while you ask",
            "under what power",
            "who set the requirement",
            "kept a record of your job search another way",
            "asks rather than",
        ],
    ),
    "said-voluntary": (
        ("provider-questions",),
        "objection",
        "none",
        [
            "stop using",
            "Article 7(3)",
            "Article 21",
            "Article 17",
            "Keep meeting your work-search requirements another way",
        ],
    ),
    "said-shared": (
        ("provider-questions",),
        "objection",
        "none",
        [
            "**lawful basis**",
            "Article 6",
            "Article 7(3)",
            "Article 21",
            "copy of your data",
            "Keep meeting your work-search requirements",
        ],
    ),
    "not-controller": (
        ("site-sar",),
        "dwp-sar",
        "none",
        [
            "processor",
            "controller",
            "Article 28(3)(e)",
            "their contract, not the law itself",
            "Article 26(3)",
        ],
    ),
    "said-no": (
        ("objection", "erasure"),
        "controller-complaint",
        "answered",
        [
            "Article 12(4)",
            "Articles 17(3) and 21(1)",
            "**complaint to them**",
            "Keep meeting your work-search requirements",
        ],
    ),
    # Before and after a sanction (issue 16). A first next letter of None: no letter follows.
    "sanctioned": (
        (
            "provider-questions",
            "dwp-sar",
            "site-sar",
            "sensitive-data",
            "objection",
            "erasure",
            "rectification",
            "automated-decisions",
        ),
        "mandatory-reconsideration",
        "decision",
        [
            "**mandatory reconsideration**",
            "**one month from the date on the decision letter**",
            "regulation 5 of the Universal Credit, Personal Independence Payment",
            "(Decisions and Appeals) Regulations 2013",
            "**good reason**",
            "**the evidence**",
            "**correct**",
            "**a copy of your data**",
            "Keep meeting your work-search requirements while you ask",
        ],
    ),
    "notes-wrong": (
        ("dwp-sar", "site-sar", "sensitive-data", "provider-questions", "automated-decisions"),
        "rectification",
        "none",
        [
            "refused to register",
            "**corrected** (UK GDPR Article 16)",
            "your own statement",
            "Article 18(1)(a)",
            "Article 19",
            "**one month**",
            "Articles 12(3) and 12A",
            "Keep meeting your work-search requirements while you ask",
        ],
    ),
    "corrected": (
        ("rectification",),
        None,
        "none",
        [
            "put the record right",
            "Article 19",
            "one month from the date on the decision letter",
            "You do not need to do anything more",
            "**Keep a copy**",
            "Keep meeting your work-search requirements",
        ],
    ),
    "refused-rectification": (
        ("rectification",),
        "controller-complaint",
        "answered",
        [
            "Article 12(4)",
            "your own statement to it (Article 16)",
            "**complaint to them**",
            "section 164A of the Data Protection Act 2018",
            "you can complain to the ICO",
            "**three months**",
            "Keep meeting your work-search requirements while you ask",
        ],
    ),
    "no-automated-decision": (
        ("automated-decisions",),
        None,
        "answered",
        [
            "**solely**",
            "Articles 22A to 22D",
            "a person was part of the decision",
            "**a copy of your data** (Article 15)",
            "You do not have to do anything more",
        ],
    ),
    "reconsideration-refused": (
        ("mandatory-reconsideration",),
        None,
        "appeal",
        [
            "**appeal to a tribunal**",
            "We do not write the appeal",
            "**HM Courts & Tribunals Service**",
            "form **SSCS1**",
            "**within one month** of the date the notice was sent to you",
            "rule 22(2)(d)(i) of the Tribunal Procedure (First-tier Tribunal) (Social "
            "Entitlement Chamber) Rules 2008",
            "**Check the time limit on your mandatory reconsideration notice**",
            "Keep meeting your work-search requirements while you appeal",
        ],
    ),
}

# Any standing to render an explanation with: the first letter each reply follows, sent first
# class on Thu 1 Oct 2026, answered (if at all) on Mon 12 Oct 2026, looked at on Fri 20 Nov 2026.
SENT = date(2026, 10, 1)
ANSWERED = date(2026, 10, 12)
TODAY = date(2026, 11, 20)
DECIDED = date(2026, 10, 31)  # the date on a decision letter, for the replies after a decision


def standing_for(
    follows: str,
    reply: str,
    *,
    sent_on=SENT,
    sent_method="first-class",
    reply_on=ANSWERED,
    today=TODAY,
    decision_on=DECIDED,
    nation="england",
):
    answers = Answers(
        nation=nation,
        decision_on=decision_on,
        follows=follows,
        reply=reply,
        sent_on=sent_on,
        sent_method=sent_method,
        reply_on=None if reply == "no-reply" else reply_on,
        date=today,
    )
    return where_you_stand(answers)


def one_line(text: str) -> str:
    return " ".join(text.split())


# --- the reply files ------------------------------------------------------------------------------


def test_every_required_reply_type_is_there_and_every_file_has_a_content_test():
    replies = all_replies()
    assert set(REQUIRED_REPLIES) <= set(replies)
    assert set(replies) == set(CONTENT), "add the new reply type to CONTENT"


@pytest.mark.parametrize("reply_id", list(CONTENT))
def test_reply_file_loads_and_says_what_it_follows_and_leads_to(reply_id):
    after, first_next, clock, _ = CONTENT[reply_id]
    reply = get_reply(reply_id)
    assert reply.after == after
    assert reply.clock == clock and clock in CLOCKS
    assert reply.question and reply.title and reply.hint
    if first_next is None:  # sarkit explains, and writes no letter
        assert reply.next_after(after[0]) == ()
    else:
        assert reply.next_after(after[0])[0] == first_next


@pytest.mark.parametrize("reply_id", list(CONTENT))
def test_reply_leads_only_to_letters_that_exist_and_can_follow_that_letter(reply_id):
    letters = all_letters()
    reply = get_reply(reply_id)
    for follows in reply.after:
        steps = reply.steps_after(follows)
        # Leading nowhere must be said in the file ("next: []", or the letter mapped to []).
        said_none = reply.steps in ({"*": ()}, {}) or reply.steps.get(follows) == ()
        assert steps or said_none, f"{reply_id} after {follows} leads nowhere"
        for letter_id in (*(i for step in steps for i in step), *reply.also):
            spec = letters[letter_id]  # KeyError if the letter does not exist
            # A follow-up or reply letter says which letters it follows (letters.py checks
            # it); the letters for before and after a sanction ("more") stand alone.
            if spec.group in ("follow-up", "reply"):
                assert follows in spec.follows, (
                    f"{reply_id}: {letter_id} cannot follow {follows} (its `follows` says "
                    f"{spec.follows})"
                )


@pytest.mark.parametrize("reply_id", list(CONTENT))
def test_reply_explanation_states_its_key_legal_point(reply_id):
    after, _, _, phrases = CONTENT[reply_id]
    # On Fri 20 Nov 2026 a no-reply is late; any other reply answers the first letter it follows.
    text = one_line(
        explain(standing_for(after[0], reply_id), site_name="MyWorkSearch", provider_name="Seetec")
    )
    missing = [p for p in phrases if p not in text]
    assert not missing, f"{reply_id} no longer says: {missing}"
    assert "{{" not in text and "{%" not in text


@pytest.mark.parametrize("reply_id", list(CONTENT))
@pytest.mark.parametrize("northern_ireland", [False, True], ids=["gb", "ni"])
def test_every_explanation_renders_after_every_letter_it_follows(reply_id, northern_ireland):
    reply = get_reply(reply_id)
    for follows in reply.after:
        text = explain(standing_for(follows, reply_id), northern_ireland=northern_ireland)
        assert "## " in text, f"{reply_id} after {follows}: no sections"
        if northern_ireland:
            assert "DWP" not in text, f"{reply_id} after {follows} names DWP in Northern Ireland"


def test_wording_names_the_department_for_communities_in_northern_ireland():
    reply = get_reply("not-controller")
    assert wording(reply.title) == "They said to ask DWP instead"
    assert wording(reply.title, northern_ireland=True) == (
        "They said to ask the Department for Communities instead"
    )
    assert wording(reply.question, northern_ireland=True).endswith("Department for Communities")


def test_every_first_letter_has_a_name_the_claimant_would_use():
    assert set(SENT_NAMES) == set(FIRST_LETTERS)
    assert sent_name("dwp-foi") == "Your Freedom of Information request to DWP"
    assert sent_name("dwp-sar", northern_ireland=True) == (
        "Your request to the Department for Communities for a copy of your data"
    )


def test_replies_for_each_letter_are_the_ones_that_fit_it():
    assert [r.id for r in replies_for("dwp-foi")] == [
        "no-reply",
        "acknowledged",
        "answered",
        "part-answered",
        "foi-refused-cost",
        "foi-refused-personal",
        "foi-refused-commercial",
        "foi-refused-vexatious",
        "foi-not-held",
        "foi-refused-other",
        "foi-review-refused",
    ]
    assert [r.id for r in replies_for("provider-questions")] == [
        "no-reply",
        "acknowledged",
        "said-mandatory",
        "said-voluntary",
        "said-shared",
        "sanctioned",
        "notes-wrong",
    ]
    assert [r.id for r in replies_for("rectification")] == [
        "no-reply",
        "acknowledged",
        "sanctioned",
        "corrected",
        "refused-rectification",
    ]
    assert [r.id for r in replies_for("automated-decisions")] == [
        "no-reply",
        "acknowledged",
        "sanctioned",
        "notes-wrong",
        "no-automated-decision",
    ]
    assert [r.id for r in replies_for("mandatory-reconsideration")] == [
        "no-reply",
        "acknowledged",
        "reconsideration-refused",
    ]
    assert "sanctioned" not in [r.id for r in replies_for("dwp-foi")]
    site = [r.id for r in replies_for("site-sar")]
    assert site[0] == "no-reply" and "not-controller" in site and "asked-for-id" in site
    assert "not-controller" not in [r.id for r in replies_for("dwp-sar")]
    for letter_id in FIRST_LETTERS:
        assert replies_for(letter_id)[0].id == "no-reply"


def test_explanations_escape_names_from_profiles():
    text = explain(
        standing_for("provider-questions", "said-mandatory"),
        site_name="[click](http://evil.example) *Jobs*",
    )
    assert "\\[click\\]" in text and "\\*Jobs\\*" in text


def test_a_reply_file_without_a_clock_is_refused(tmp_path):
    (tmp_path / "broken.md").write_text(
        "---\nid: broken\nafter: any\nquestion: Q\ntitle: T\nnext: [sar-reminder]\n---\nBody\n",
        encoding="utf-8",
    )
    with pytest.raises(ReplyError, match="clock"):
        all_replies(tmp_path)


def test_a_reply_file_naming_a_missing_letter_is_refused(tmp_path):
    (tmp_path / "broken.md").write_text(
        "---\nid: broken\nafter: any\nquestion: Q\ntitle: T\n"
        "clock: none\nnext: [no-such-letter]\n---\nBody\n",
        encoding="utf-8",
    )
    with pytest.raises(ReplyError, match="no-such-letter"):
        all_replies(tmp_path)


# --- where you stand: no answer ------------------------------------------------------------------


def test_overdue_sar():
    # dwp-sar posted first class on Thu 1 Oct 2026: Fri 2 Oct is the first working day after,
    # Mon 5 Oct the second, so received Mon 5 Oct 2026; one month on is Thu 5 Nov 2026.
    # Looked at on Fri 20 Nov 2026: 20 - 5 = 15 days late.
    s = standing_for("dwp-sar", "no-reply", today=date(2026, 11, 20))
    assert s.received == date(2026, 10, 5)
    assert s.due.due == date(2026, 11, 5)
    assert s.status == "late" and s.is_late and s.overdue_days == 15
    assert s.next_steps == (("sar-reminder",), ("controller-complaint",), ("ico-complaint",))
    assert s.now_letters == ("sar-reminder",)
    assert s.later_letters == ("controller-complaint", "ico-complaint")
    due = s.date_line("due")
    assert due.label == "Their answer was due by"
    assert "taken as received on the second working day after posting, 5 October 2026" in due.rule
    assert "the same date next month, 5 November 2026" in due.rule


def test_sar_not_due_yet_gives_the_date_and_no_letter():
    # Same request, looked at on Tue 20 Oct 2026: due Thu 5 Nov 2026, nothing to send yet.
    s = standing_for("dwp-sar", "no-reply", today=date(2026, 10, 20))
    assert s.status == "not-due" and s.overdue_days == 0
    assert s.due.due == date(2026, 11, 5)
    assert s.date_line("due").label == "Their answer is due by"
    assert s.next_steps == () and s.now_letters == ()


def test_sar_due_today_is_not_late_until_the_day_has_passed():
    # Principle 8: on Thu 5 Nov 2026 it is due today, not late; on Fri 6 Nov it is 1 day late.
    assert standing_for("dwp-sar", "no-reply", today=date(2026, 11, 5)).status == "due-today"
    late = standing_for("dwp-sar", "no-reply", today=date(2026, 11, 6))
    assert late.status == "late" and late.overdue_days == 1


def test_overdue_foi_across_christmas():
    # dwp-foi posted first class on Tue 1 Dec 2026: Wed 2 Dec is the first working day after,
    # Thu 3 Dec the second, so received Thu 3 Dec 2026. Twenty working days following:
    # Fri 4 (1); 7-11 Dec (2-6); 14-18 Dec (7-11); 21-24 Dec (12-15); not Fri 25 Dec (Christmas)
    # or Mon 28 Dec (Boxing Day substitute); 29-31 Dec (16-18); not Fri 1 Jan (New Year) or
    # Mon 4 Jan (Scotland's 2 January substitute); Tue 5 Jan (19); Wed 6 Jan 2027 (20).
    # Looked at on Wed 20 Jan 2027: 14 days late.
    s = standing_for("dwp-foi", "no-reply", sent_on=date(2026, 12, 1), today=date(2027, 1, 20))
    assert s.kind == "foi"
    assert s.received == date(2026, 12, 3)
    assert s.due.due == date(2027, 1, 6)
    assert s.status == "late" and s.overdue_days == 14
    assert s.next_steps == (("foi-internal-review",), ("ico-complaint",))
    assert "Christmas Day on 25 December 2026" in s.due.rule
    # If the review request is posted first class that day, Wed 20 Jan 2027: received Fri 22 Jan
    # (Thu 21 the first working day, Fri 22 the second); 20 working days on is Fri 19 Feb 2027.
    review = s.date_line("next-due-foi-internal-review")
    assert review.date == date(2027, 2, 19)
    assert review.rule.startswith("If you send it today: sent by first-class post on 20 January")


def test_no_answer_to_the_provider_has_no_time_limit_and_offers_a_data_request():
    # provider-questions posted second class on Thu 1 Oct 2026: Fri 2, Mon 5, Tue 6, Wed 7 Oct
    # are the four working days after, so received Wed 7 Oct 2026. No time limit in law.
    s = standing_for("provider-questions", "no-reply", sent_method="second-class")
    assert s.status == "no-time-limit" and s.due is None
    received = s.date_line("received")
    assert received.date == date(2026, 10, 7)
    assert "fourth working day after posting" in received.rule
    assert "no time limit in law" in received.rule
    assert s.next_steps == (("site-sar", "dwp-sar"),)
    assert s.keep_meeting_requirements
    # Both new requests, posted second class on Fri 20 Nov 2026: Mon 23, Tue 24, Wed 25, Thu 26
    # Nov, so received Thu 26 Nov; one month on is Sat 26 Dec 2026, not a working day, nor is
    # Mon 28 Dec (Boxing Day substitute), so Tue 29 Dec 2026.
    assert s.date_line("next-due-sar").date == date(2026, 12, 29)
    assert s.date_line("next-due-sar").label == (
        "If you send your letters today, they must answer by"
    )


@pytest.mark.parametrize(
    ("follows", "steps"),
    [
        ("site-sar", (("sar-reminder",), ("controller-complaint",), ("ico-complaint",))),
        ("sensitive-data", (("sar-reminder",), ("controller-complaint",), ("ico-complaint",))),
        ("objection", (("controller-complaint",),)),
        ("erasure", (("controller-complaint",),)),
    ],
)
def test_no_answer_to_other_letters_leads_to_their_own_next_letters(follows, steps):
    s = standing_for(follows, "no-reply")
    assert s.status == "late" and s.next_steps == steps


# --- where you stand: an answer that changes the clock ------------------------------------------


def test_asked_for_id_the_month_runs_again_from_receipt_of_the_id():
    # dwp-sar posted first class Thu 1 Oct 2026, due Thu 5 Nov 2026. They asked for ID on Mon
    # 12 Oct. The ID posted first class on Fri 20 Nov 2026: Mon 23 Nov is the first working day
    # after, Tue 24 Nov the second, so received Tue 24 Nov; one month on is Thu 24 Dec 2026.
    s = standing_for("dwp-sar", "asked-for-id")
    assert s.status == "waiting-for-you"
    assert s.due.due == date(2026, 11, 5)
    assert s.new_due.due == date(2026, 12, 24)
    new = s.date_line("new-due")
    assert new.date == date(2026, 12, 24)
    assert "taken as received on the second working day after posting, 24 November 2026" in (
        new.rule
    )
    assert "runs again from the day they get what they asked for" in new.rule
    assert s.next_steps == (("sar-clarification",),)
    assert s.date_line("answered").date == date(2026, 10, 12)


def test_asked_for_id_by_email_counts_from_the_same_day():
    # Sent by email on Fri 20 Nov 2026: received that day; one month on is Sun 20 Dec 2026,
    # so the next working day, Mon 21 Dec 2026.
    s = standing_for("dwp-sar", "asked-for-id", sent_method="email")
    assert s.new_due.due == date(2026, 12, 21)


def test_asked_to_clarify_shows_the_later_date_and_says_the_law_pauses():
    s = standing_for("dwp-sar", "asked-to-clarify")
    assert s.new_due.due == date(2026, 12, 24)  # worked out as for asked-for-id above
    assert "pauses the time" in s.new_due.rule and "We show the later date" in s.new_due.rule


def test_extended_sar_at_a_month_end():
    # site-sar sent by email on Sun 31 Jan 2027: received that day (day one may be a weekend).
    # One month: February 2027 has no 31st, so Sun 28 Feb 2027, moved to Mon 1 Mar 2027.
    # Three months: Fri 30 Apr 2027 (April has no 31st), a working day. They said "extended"
    # on Mon 15 Feb 2027, within the first month. Looked at on Wed 10 Mar 2027: not late.
    s = standing_for(
        "site-sar",
        "extended",
        sent_on=date(2027, 1, 31),
        sent_method="email",
        reply_on=date(2027, 2, 15),
        today=date(2027, 3, 10),
    )
    assert s.received == date(2027, 1, 31)
    assert s.due.due == date(2027, 3, 1)
    assert s.new_due.due == date(2027, 4, 30)
    assert s.date_line("extended-due").date == date(2027, 4, 30)
    assert "April 2027 has no 31st" in s.date_line("extended-due").rule
    assert s.status == "extended" and not s.extension_late and s.overdue_days == 0
    # Last day to complain to the ICO: three months after Mon 15 Feb 2027 is Sat 15 May 2027,
    # moved to Mon 17 May 2027.
    assert s.date_line("ico-last-day").date == date(2027, 5, 17)
    # On Mon 3 May 2027 (a bank holiday, but lateness counts calendar days): 3 days late.
    late = standing_for(
        "site-sar",
        "extended",
        sent_on=date(2027, 1, 31),
        sent_method="email",
        reply_on=date(2027, 2, 15),
        today=date(2027, 5, 3),
    )
    assert late.status == "late" and late.overdue_days == 3


def test_an_extension_told_after_the_first_month_is_flagged():
    # First month ended Mon 1 Mar 2027 (above); told on Tue 2 Mar 2027.
    s = standing_for(
        "site-sar",
        "extended",
        sent_on=date(2027, 1, 31),
        sent_method="email",
        reply_on=date(2027, 3, 2),
        today=date(2027, 3, 10),
    )
    assert s.extension_late
    assert "told you after the first month had ended" in explain(s)


# --- where you stand: an answer, and the claimant's own last dates -----------------------------


def test_foi_refused_on_cost_gives_the_last_day_for_an_internal_review():
    # dwp-foi posted first class Thu 1 Oct 2026, received Mon 5 Oct, due Mon 2 Nov 2026 (20
    # working days, no holidays). Refused on Tue 3 Nov 2026, one day after that.
    # 40 working days after Tue 3 Nov: 4-6 Nov (1-3); 9-13 (4-8); 16-20 (9-13); 23-27 (14-18);
    # not Mon 30 Nov (St Andrew's Day); 1-4 Dec (19-22); 7-11 (23-27); 14-18 (28-32);
    # 21-24 (33-36); not 25 or 28 Dec; 29-31 Dec (37-39); not 1 or 4 Jan; Tue 5 Jan 2027 (40).
    s = standing_for("dwp-foi", "foi-refused-cost", reply_on=date(2026, 11, 3))
    assert s.due.due == date(2026, 11, 2)
    assert s.answer_late_days == 1
    review = s.date_line("review-last-day")
    assert review.date == date(2027, 1, 5)
    assert review in s.your_dates
    assert "40 working days after their answer of 3 November 2026" in review.rule
    assert "section 45" in review.rule
    # The review itself, asked for by first-class post on Fri 20 Nov 2026: received Tue 24 Nov;
    # 20 working days, skipping St Andrew's Day, is Wed 23 Dec 2026.
    assert s.date_line("next-due-foi-internal-review").date == date(2026, 12, 23)
    assert s.next_steps == (("foi-internal-review",), ("ico-complaint",))


def test_ico_last_day_for_data_protection_is_three_months_after_the_last_contact():
    # An incomplete answer dated Fri 30 Oct 2026: three months on is Sat 30 Jan 2027, moved
    # past Sun 31 Jan to Mon 1 Feb 2027.
    s = standing_for("dwp-sar", "incomplete", sent_on=date(2026, 9, 1), reply_on=date(2026, 10, 30))
    ico = s.date_line("ico-last-day")
    assert ico.date == date(2027, 2, 1) and ico in s.your_dates
    assert "30 January 2027, moved to the next working day, 1 February 2027" in ico.rule
    assert "30 January 2027 is a Saturday" in ico.rule


def test_ico_last_day_for_data_protection_at_a_month_end():
    # A refusal dated Mon 30 Nov 2026: February 2027 has no 30th, so Sun 28 Feb 2027, moved to
    # Mon 1 Mar 2027.
    s = standing_for(
        "dwp-sar",
        "refused-sar",
        sent_on=date(2026, 9, 1),
        reply_on=date(2026, 11, 30),
        today=date(2026, 12, 1),
    )
    assert s.date_line("ico-last-day").date == date(2027, 3, 1)


def test_ico_last_day_for_foi_is_six_weeks_after_the_final_answer():
    # Internal review outcome dated Tue 1 Dec 2026: six weeks on is Tue 12 Jan 2027.
    s = standing_for(
        "dwp-foi",
        "foi-review-refused",
        sent_on=date(2026, 9, 1),
        reply_on=date(2026, 12, 1),
        today=date(2026, 12, 2),
    )
    ico = s.date_line("ico-last-day")
    assert ico.date == date(2027, 1, 12)
    assert "Six weeks after their final answer of 1 December 2026" in ico.rule
    assert s.next_steps == (("ico-complaint",),)


def test_said_mandatory_keeps_the_claimant_meeting_requirements():
    s = standing_for("provider-questions", "said-mandatory")
    assert s.keep_meeting_requirements
    assert s.next_steps == (("provider-requirement",),)
    assert s.status == "answered" and s.due is None


def test_not_controller_leads_to_a_request_to_dwp_with_its_date():
    # A new dwp-sar posted first class on Fri 20 Nov 2026: received Tue 24 Nov; due Thu 24 Dec.
    s = standing_for("site-sar", "not-controller", reply_on=date(2026, 10, 20))
    assert s.next_steps == (("dwp-sar",),)
    line = s.date_line("next-due-sar")
    assert line.date == date(2026, 12, 24)
    assert line.label == "If you send your letter today, they must answer by"


# --- answers that don't fit together -------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"follows": "sar-reminder"}, "Select the letter you sent"),
        ({"follows": ""}, "Select the letter you sent"),
        ({"reply": "foi-refused-cost"}, "not an answer that letter can get"),
        ({"reply": "no-such-reply"}, "no kind of answer"),
        ({"reply_on": None}, "Enter the date of their answer"),
        ({"reply_on": date(2026, 9, 30)}, "on or after the day you sent"),
    ],
)
def test_answers_that_do_not_fit_together_say_so_plainly(changes, message):
    answers = Answers(
        follows="dwp-sar", reply="incomplete", sent_on=SENT, reply_on=ANSWERED, date=TODAY
    )
    with pytest.raises(ReplyError, match=message):
        where_you_stand(replace(answers, **changes))


def test_sent_on_defaults_to_the_letter_date():
    s = where_you_stand(Answers(follows="dwp-sar", reply="no-reply", date=date(2026, 10, 1)))
    assert s.sent_on == date(2026, 10, 1) and s.status == "not-due"


# --- the calendar ------------------------------------------------------------------------------


def test_calendar_holds_the_dates_to_come_and_the_link_but_nothing_personal():
    s = standing_for("dwp-sar", "no-reply", today=date(2026, 10, 20))
    link = "https://sarkit.example/replies/start?sent_on=2026-10-01&letters=dwp-sar"
    ics = calendar(s, link).decode("utf-8")
    unfolded = re.sub(r"\r\n[ \t]", "", ics)
    assert "DTSTART;VALUE=DATE:20261105" in unfolded
    assert "DTSTART;VALUE=DATE:20261106" in unfolded
    assert link in unfolded.replace("\\", "")
    assert "SUMMARY:Answer due: Ask DWP for a copy of your data" in unfolded
    assert "No answer yet? Ask DWP for a copy of your data" in unfolded


# --- edges a mutation run found untested (make mutation) ------------------------------------------
# dwp-sar sent first class on Thu 1 Oct 2026 is received Mon 5 Oct (second working day after
# posting); one calendar month from receipt is Thu 5 Nov 2026, a working day.
DUE = date(2026, 11, 5)


def test_an_answer_the_same_day_as_the_letter_is_accepted():
    s = standing_for("dwp-sar", "incomplete", sent_on=SENT, reply_on=SENT)
    assert s.reply_on == SENT


def test_on_the_due_day_the_answer_is_still_due_not_late():
    s = standing_for("dwp-sar", "no-reply", today=DUE)
    assert s.date_line("due").label == "Their answer is due by"
    assert (s.status, s.overdue_days) == ("due-today", 0)
    assert (
        standing_for("dwp-sar", "no-reply", today=date(2026, 11, 6)).date_line("due").label
        == "Their answer was due by"
    )


def test_an_answer_in_time_is_neither_overdue_nor_late_nor_a_late_extension():
    for reply in ("incomplete", "no-reply"):
        s = standing_for("dwp-sar", reply, today=date(2026, 10, 20))
        assert (s.overdue_days, s.answer_late_days, s.extension_late) == (0, 0, False), reply


def test_an_answer_one_day_late_says_one_day():
    s = standing_for("dwp-sar", "incomplete", reply_on=date(2026, 11, 6))
    assert s.date_line("answered").rule == (
        "The date on their answer, 6 November 2026. That was "
        "1 day after their answer was due, 5 November 2026."
    )
    s = standing_for("dwp-sar", "incomplete", reply_on=date(2026, 11, 7))
    assert "That was 2 days after" in s.date_line("answered").rule


def test_the_new_date_after_asking_for_id_is_one_whole_sentence():
    # Sent today, Fri 20 Nov 2026, first class: received Tue 24 Nov; a month on, Thu 24 Dec.
    s = standing_for("dwp-sar", "asked-for-id")
    assert s.date_line("new-due").rule == (
        "If you send it today: sent by first-class post on 20 November 2026, so taken as "
        "received on the second working day after posting, 24 November 2026; one calendar month "
        "from receipt (24 November 2026): the same date next month, 24 December 2026. The month "
        "runs again from the day they get what they asked for."
    )


def test_next_letters_are_every_step_in_order():
    s = standing_for("provider-questions", "no-reply")
    assert s.next_steps and s.next_letters == tuple(i for step in s.next_steps for i in step)
    assert s.next_letters[:2] == ("site-sar", "dwp-sar")


def test_the_calendar_holds_a_date_that_is_today():
    ics = calendar(standing_for("dwp-sar", "no-reply", today=DUE), "https://sarkit.example/r")
    assert "DTSTART;VALUE=DATE:20261105" in re.sub(r"\r\n[ \t]", "", ics.decode("utf-8"))


@pytest.mark.parametrize("reply_id", sorted(CONTENT))
def test_explanations_have_no_stray_blank_lines_or_indents_from_the_template(reply_id):
    follows = CONTENT[reply_id][0][0]
    for ni in (False, True):
        text = explain(standing_for(follows, reply_id), northern_ireland=ni)
        assert "\n\n\n" not in text, reply_id
        assert not [
            line
            for line in text.splitlines()
            if line[:1] == " "
            and line.strip()
            and not line.lstrip()[:1].isdigit()
            and not line.lstrip().startswith("-")
        ]


def test_a_reply_file_without_an_order_comes_after_those_with_one(tmp_path):
    text = (Path(__file__).parent.parent / "letters" / "replies" / "said-voluntary.md").read_text(
        encoding="utf-8"
    )
    (tmp_path / "a-first.md").write_text(
        text.replace("id: said-voluntary", "id: a-first").replace("order: 51\n", ""),
        encoding="utf-8",
    )
    (tmp_path / "b-second.md").write_text(
        text.replace("id: said-voluntary", "id: b-second").replace("order: 51", "order: 100"),
        encoding="utf-8",
    )
    (tmp_path / "c-third.md").write_text(
        text.replace("id: said-voluntary", "id: c-third").replace("order: 51", "order: 101"),
        encoding="utf-8",
    )
    # Without an order a reply counts as 100: after 99 and before 101, and by id beside 100.
    assert list(all_replies(tmp_path)) == ["a-first", "b-second", "c-third"]


def test_names_in_an_explanation_are_escaped_for_markdown_only_not_html():
    text = explain(
        standing_for("provider-questions", "said-voluntary"), site_name="Jobs & Co's <site>"
    )
    assert "You can choose to stop using Jobs \\& Co's \\<site\\>." in text


def test_an_indented_block_tag_leaves_no_indent_or_blank_line():
    # Volunteers may indent {% if %} in a reply file; it must not show as spaces or a gap.
    assert wording("a\n    {% if ni %}\nb\n    {% endif %}\nc") == "a\nc"
    assert wording("a\n    {% if ni %}\nb\n    {% endif %}\nc", northern_ireland=True) == "a\nb\nc"


# --- the answers added with the reply reader: acknowledged, answered, part-answered -------------


def test_an_acknowledgement_keeps_the_clock_running_and_shows_the_due_date():
    # dwp-sar posted first class Thu 1 Oct 2026, received Mon 5 Oct, due Thu 5 Nov 2026; a note
    # dated Tue 6 Oct says it arrived. On Fri 23 Oct nothing is due yet, and nothing to send.
    standing = standing_for(
        "dwp-sar", "acknowledged", reply_on=date(2026, 10, 6), today=date(2026, 10, 23)
    )
    assert standing.status == "not-due" and standing.next_steps == ()
    assert standing.due.due == date(2026, 11, 5)
    assert standing.date_line("due").date == date(2026, 11, 5)
    assert standing.date_line("acknowledged").date == date(2026, 10, 6)
    assert standing.your_dates == ()


def test_an_acknowledgement_then_silence_is_late_like_no_answer():
    standing = standing_for("dwp-sar", "acknowledged", reply_on=date(2026, 10, 6))
    assert standing.status == "late" and standing.overdue_days == 15
    assert standing.now_letters == ("sar-reminder",)
    text = one_line(explain(standing))
    assert "Their answer is late" in text


def test_an_acknowledged_foi_is_due_on_the_twentieth_working_day():
    standing = standing_for(
        "dwp-foi", "acknowledged", reply_on=date(2026, 10, 6), today=date(2026, 10, 20)
    )
    assert standing.due.due == date(2026, 11, 2) and standing.status == "not-due"


def test_an_answered_foi_gives_the_last_day_for_an_internal_review():
    # Answer dated Tue 3 Nov 2026: 40 UK working days later (Christmas, Boxing Day substitute,
    # New Year) is Tue 5 Jan 2027, as for a refusal on that day.
    standing = standing_for("dwp-foi", "answered", reply_on=date(2026, 11, 3))
    assert standing.date_line("review-last-day").date == date(2027, 1, 5)
    assert standing.date_line("ico-last-day") is None
    assert standing.now_letters == ("foi-internal-review",)
    assert "internal review" in explain(standing)


def test_an_answered_sar_gives_three_months_to_the_ico_and_a_letter_if_parts_are_missing():
    standing = standing_for("dwp-sar", "answered", reply_on=date(2026, 10, 12))
    assert standing.date_line("ico-last-day").date == date(2027, 1, 12)
    assert standing.date_line("review-last-day") is None
    assert standing.now_letters == ("sar-incomplete",)
    assert "Check it is complete" in explain(standing)


def test_part_answered_leads_to_an_internal_review_and_asks_what_was_held_back():
    reply = get_reply("part-answered")
    assert reply.grounds_label
    standing = standing_for("dwp-foi", "part-answered", reply_on=date(2026, 11, 3))
    assert standing.date_line("review-last-day").date == date(2027, 1, 5)


@pytest.mark.parametrize(
    ("signals", "message"),
    [
        ("signals: [{phrase: refused, weight: 0}]", "weight"),
        ("signals: [{phrase: refused, weight: 11}]", "weight"),
        ("signals: [{regex: '(unclosed', weight: 2}]", "regex does not work"),
        ("signals: [{phrase: a, regex: b}]", "either 'phrase' or 'regex'"),
        ("signals: [{phrase: a, weigth: 2}]", "unknown key"),
        ("signals: refused", "must be a list"),
        ("against: [{phrase: '  '}]", "empty"),
    ],
)
def test_a_reply_file_with_a_broken_signal_says_what_to_fix(tmp_path, signals, message):
    (tmp_path / "broken.md").write_text(
        "---\nid: broken\nafter: any\nquestion: Q\ntitle: T\nclock: none\n"
        f"next: [sar-reminder]\n{signals}\n---\nBody\n",
        encoding="utf-8",
    )
    with pytest.raises(ReplyError, match=message):
        all_replies(tmp_path)


def test_a_phrase_signal_matches_whole_words_in_any_case_and_spacing():
    signal = next(s for s in get_reply("acknowledged").signals if s.source == "we aim to respond")
    assert signal.pattern.search("We  aim\nto RESPOND within")
    assert not signal.pattern.search("we aim to responder")


# --- before and after a sanction (issue 16) ---------------------------------------------------
# Dates worked out by hand: November has 30 days, so a decision dated Sat 31 Oct 2026 gives Mon
# 30 Nov 2026 (St Andrew's Day in Scotland, not moved: the claimant's own deadline is never
# moved later); February 2027 has 28 days, so a notice dated Sun 31 Jan 2027 gives Sun 28 Feb
# 2027, not moved to Monday.


def test_a_sanction_gives_the_month_to_ask_them_to_look_again_from_the_decision_date():
    s = standing_for("dwp-sar", "sanctioned", decision_on=date(2026, 10, 31))
    line = s.date_line("mr-last-day")
    assert line and line.date == date(2026, 11, 30)
    assert line in s.your_dates
    assert "November 2026 has no 31st" in line.rule and "regulation 5" in line.rule
    assert "It is not moved" in line.rule
    assert s.decision_on == date(2026, 10, 31) and s.status == "decided"
    assert s.keep_meeting_requirements


def test_a_sanction_ticks_the_reconsideration_and_offers_correction_and_a_copy_beside_it():
    s = standing_for("provider-questions", "sanctioned")
    assert s.now_letters == ("mandatory-reconsideration",)
    assert s.also_letters == ("rectification", "dwp-sar")
    assert s.next_letters == ("mandatory-reconsideration", "rectification", "dwp-sar")


def test_a_decision_dated_before_the_letter_was_sent_is_accepted():
    # A SAR sent on 1 October after a sanction decided on 15 September: one month, 15 October.
    s = standing_for("dwp-sar", "sanctioned", decision_on=date(2026, 9, 15), reply_on=None)
    assert s.date_line("mr-last-day").date == date(2026, 10, 15)


def test_a_sanction_without_the_decision_date_asks_for_it():
    with pytest.raises(ReplyError, match="decision letter"):
        standing_for("dwp-sar", "sanctioned", decision_on=None)


def test_a_refused_reconsideration_gives_one_month_from_the_notice_for_the_appeal():
    s = standing_for(
        "mandatory-reconsideration",
        "reconsideration-refused",
        sent_on=date(2026, 12, 1),
        reply_on=date(2027, 1, 31),
        today=date(2027, 2, 1),
    )
    line = s.date_line("appeal-last-day")
    assert line and line.date == date(2027, 2, 28)
    assert "rule 22(2)(d)(i)" in line.rule and "It is not moved" in line.rule
    assert "Check the time limit on your notice" in line.rule
    assert s.next_letters == ()  # sarkit explains the appeal, and writes no letter for it


def test_in_northern_ireland_a_refused_reconsideration_names_the_appeals_service_and_no_date():
    s = standing_for(
        "mandatory-reconsideration", "reconsideration-refused", nation="northern-ireland"
    )
    assert s.date_line("appeal-last-day") is None
    text = one_line(explain(s, northern_ireland=True))
    assert "**the Appeals Service**" in text
    assert "**Check the time limit on your mandatory reconsideration notice.**" in text
    assert "SSCS1" not in text and "DWP" not in text


def test_no_answer_yet_to_a_reconsideration_writes_no_letter_and_says_there_is_no_fixed_time():
    s = standing_for("mandatory-reconsideration", "no-reply")
    assert s.next_letters == () and s.status == "no-time-limit"
    text = one_line(explain(s))
    assert "no fixed time in law" in text and "Keep meeting your work-search requirements" in text


def test_no_answer_to_a_request_to_correct_a_record_leads_to_a_complaint_to_them():
    s = standing_for("rectification", "no-reply")
    assert s.status == "late" and s.now_letters == ("controller-complaint",)
    assert "**complaint to them**" in explain(s)


def test_the_calendar_holds_the_last_day_to_ask_them_to_look_again():
    from icalendar import Calendar

    s = standing_for(
        "dwp-sar", "sanctioned", decision_on=date(2026, 10, 31), today=date(2026, 11, 10)
    )
    events = Calendar.from_ical(calendar(s, "https://sarkit.example/replies/start")).walk("VEVENT")
    mr = [e for e in events if "mandatory reconsideration" in str(e["SUMMARY"])]
    assert len(mr) == 1
    assert mr[0].decoded("DTSTART") == date(2026, 11, 30)
    assert "30 November 2026" in str(mr[0]["SUMMARY"])
    assert "regulation 5" in str(mr[0]["DESCRIPTION"])
    assert "https://sarkit.example/replies/start" in str(mr[0]["DESCRIPTION"])


def test_a_reply_file_may_say_on_purpose_that_no_letter_follows(tmp_path):
    head = "---\nid: none\nafter: any\nquestion: Q\ntitle: T\nclock: none\n"
    (tmp_path / "said").mkdir()
    (tmp_path / "said" / "none.md").write_text(head + "next: []\n---\nBody\n", encoding="utf-8")
    assert all_replies(tmp_path / "said")["none"].steps_after("dwp-sar") == ()
    (tmp_path / "unsaid").mkdir()
    (tmp_path / "unsaid" / "none.md").write_text(head + "---\nBody\n", encoding="utf-8")
    with pytest.raises(ReplyError, match=r"next: \[\]"):
        all_replies(tmp_path / "unsaid")


def test_the_calendar_holds_the_last_day_for_the_appeal_but_not_in_northern_ireland():
    from icalendar import Calendar

    def appeal_events(nation):
        s = standing_for(
            "mandatory-reconsideration",
            "reconsideration-refused",
            sent_on=date(2026, 11, 2),
            reply_on=date(2026, 11, 18),
            today=date(2026, 11, 20),
            nation=nation,
        )
        events = Calendar.from_ical(calendar(s, "https://sarkit.example/replies/start"))
        return [e for e in events.walk("VEVENT") if "tribunal" in str(e["SUMMARY"])]

    (event,) = appeal_events("england")
    assert event.decoded("DTSTART") == date(2026, 12, 18)  # 18 November plus one month
    assert "rule 22(2)(d)(i)" in str(event["DESCRIPTION"])
    assert appeal_events("northern-ireland") == []


def test_after_a_sanction_the_letter_already_sent_is_not_offered_again():
    s = standing_for("rectification", "sanctioned")
    assert s.next_letters == ("mandatory-reconsideration", "dwp-sar")
    s = standing_for("dwp-sar", "sanctioned")
    assert s.next_letters == ("mandatory-reconsideration", "rectification")
    assert "The **copy of your data** you asked DWP for" in explain(s)
    assert "already asked them to **correct**" in explain(
        standing_for("rectification", "sanctioned")
    )
