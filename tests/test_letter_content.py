"""What each letter says: its key request, the law it relies on, and the dates it states.

Every letter is built the way the site and the CLI build it (answers -> build_letter -> text), so a
test fails if a template drops its request, its legal basis or a date. Dates below were worked out
by hand from ARCHITECTURE.md's rules (first class = received on the second UK-wide working day after
posting) and checked with `sarkit deadline`:

- first request posted first class Thu 1 Oct 2026 -> received Mon 5 Oct 2026;
  SAR due Thu 5 Nov 2026; extended at most to Tue 5 Jan 2027; FOI due Mon 2 Nov 2026
  (the twentieth working day after 5 Oct, no holidays in between).
- this letter dated Fri 20 Nov 2026, posted first class -> received Tue 24 Nov 2026;
  overdue by 20 Nov - 5 Nov = 15 days; final date 20 Nov + 14 = Fri 4 Dec 2026;
  SAR due (clarification) Thu 24 Dec 2026; complaint acknowledged by 24 Nov + 30 = 24 Dec 2026;
  FOI internal review due Wed 23 Dec 2026 (20 working days, skipping St Andrew's Day,
  Mon 30 Nov 2026, a bank holiday in Scotland and so not a working day anywhere in the UK).
"""

from __future__ import annotations

import pytest

from sarkit.answers import parse_answers
from sarkit.documents import to_text
from sarkit.letters import all_letters, build_letter, get_letter, letter_context
from sarkit.outputs import render_documents
from sarkit.profiles import load_catalogue
from tests.letter_extras import extra_answers

NINO = "QQ123456C"
DOB = "1980-02-03"
# Every way the NI number or date of birth could appear in a letter.
PERSONAL_MARKERS = (
    "QQ123456C",
    "QQ 12 34 56 C",
    "123456",
    "3 February 1980",
    "1980-02-03",
    "03/02/1980",
)

BASE = {
    "nation": "england",
    "site": "myworksearch",
    "provider": "seetec",
    "provider_address": "Seetec office\n1 Provider Road\nProvidertown PR1 1PR",
    "told_on": "2026-11-02",
    "name": "Sam Example",
    "address": "1 Example Street\nExampletown",
    "postcode": "EX1 1EX",
    "nino": NINO,
    "dob": DOB,
    "email": "sam@example.com",
    "sent_on": "2026-10-01",
    "sent_method": "first-class",
    "date": "2026-11-20",
}
ADVISER = {
    "name": "Alex Adviser",
    "organisation": "Example Advice Centre",
    "address": "2 Advice Lane\nExampletown",
    "email": "alex@advice.example",
    "reference": "AC-1",
}
UNLISTED = {
    "site": "",
    "site_name": "Jobs Near Me",
    "site_url": "jobsnearme.example.com",
    "provider": "",
    "provider_name": "Example Employment Ltd",
    "provider_address": "3 Work Street\nWorktown WK1 1WK",
}

NEW_LETTERS = (
    "site-sar",
    "objection",
    "erasure",
    "sensitive-data",
    "authority-to-act",
    "sar-reminder",
    "foi-internal-review",
    "ico-complaint",
    "controller-complaint",
    "sar-clarification",
    "sar-extension-query",
    "sar-incomplete",
    "sar-refusal-challenge",
    "provider-requirement",
)
# Letters that carry the claimant's request, so adviser mode adds the on-behalf paragraph.
# Not the authority itself, and not FOI letters (anyone may ask; they hold no personal details).
ON_BEHALF = tuple(i for i in NEW_LETTERS if i not in ("authority-to-act", "foi-internal-review"))
# The letters a claimant can send to DWP (or the Department for Communities in Northern Ireland).
DWP_LETTERS = {
    "sensitive-data": {},
    "sar-reminder": {"follows": "dwp-sar"},
    "controller-complaint": {"follows": "dwp-sar"},
    "sar-clarification": {"follows": "dwp-sar"},
    "sar-extension-query": {"follows": "dwp-sar"},
    "sar-incomplete": {"follows": "dwp-sar"},
    "sar-refusal-challenge": {"follows": "dwp-sar"},
    "foi-internal-review": {"follows": "dwp-foi"},
}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


def make_answers(**changes):
    data = {**BASE, **changes}
    answers, warnings = parse_answers(data)
    assert warnings == [], warnings
    return answers


def letter_text(catalogue, letter_id: str, **changes) -> str:
    return to_text(build_letter(letter_id, make_answers(**changes), catalogue))


def one_line(text: str) -> str:
    """The text with its wrapping undone, so a phrase can be found across a line break."""
    return " ".join(text.split())


# --- each letter's request and the law it relies on -------------------------------------------

KEY_CONTENT = {
    "site-sar": (
        {},
        [
            "This is a subject access request",
            "Article 15",
            "a copy of all the personal data",
            "joint controller with DWP",
            "Article 26(3)",
            "Article 28(3)(e)",
            "pass this request on to them",
            "Activity logs",
            "Audit trails",
            "who viewed, changed or exported my account or my data",
            "passed to DWP",
            "Article 15(1) and (2)",
            "Articles 12(3) and 12A",
            "by 24 December 2026",
        ],
    ),
    "objection": (
        {},
        [
            "Article 7(3)",
            "I withdraw it",
            "Article 21(1)",
            "I object",
            "Article 18(1)(d)",
            "restrict the use of my account data",
            "Article 19",
            "Please confirm in writing".upper(),
            "which lawful basis",
            "the data protection regulator published a case summary",
            "I will keep meeting my work-search requirements",
            "by 24 December 2026",
        ],
    ),
    "erasure": (
        {"follows": "site-sar"},
        [
            "Article 17",
            "erase my account",
            "Article 17(1)(b)",
            "Article 17(1)(c)",
            "Article 17(1)(a)",
            "Article 7(3)",
            "Confirm in writing what you have deleted",
            "Article 19",
            "Article 17(3)",
            "I will keep meeting my work-search requirements",
            "by 24 December 2026",
        ],
    ),
    "sensitive-data": (
        {},
        [
            "health or disability",
            "criminal offence",
            "drug or alcohol use",
            "Article 9",
            "Article 10",
            "Article 15",
            "I withdraw that consent (Article 7(3))",
            "Article 17(1)(b)",
            "any marker",
            "DPA1",
            "LMS Data Protection Compliance Guide",
            "National Insurance number: QQ 12 34 56 C",
            "Date of birth: 3 February 1980",
            "by 24 December 2026",
        ],
    ),
    "authority-to-act": (
        {"adviser": ADVISER},
        [
            "I, Sam Example, authorise Alex Adviser of Example Advice Centre",
            "six months from the date I sign it, unless I withdraw it sooner",
            "passwords",
            "They will never ask me for them",
            "withdraw it at any time by telling Alex Adviser or Example Advice Centre in writing",
            "receive information",
            "make requests for me",
            "enclosed with each letter Alex Adviser sends for me",
            "MyWorkSearch",
            "Seetec",
            "Signed: ____",
        ],
    ),
    "sar-reminder": (
        {},
        [
            "subject access request",
            "Articles 12(3) and 12A",
            "by 8 December 2026",
            "I will make a complaint to you",
            "then to the Information Commissioner",
        ],
    ),
    "foi-internal-review": (
        {"reply": "no-reply"},
        [
            "internal review",
            "Freedom of Information Act 2000",
            "section 10(1)",
            "You have not complied with section 10(1)",
            "section 45",
            "20 working days",
            "40 working days",
            "by 23 December 2026",
        ],
    ),
    "ico-complaint": (
        {"reply": "no-reply"},
        [
            "I am complaining about how the Department for Work and Pensions (DWP)",
            "Article 15",
            "I complained to DWP first",
            "Articles 12 and 15",
            "take the action you think right",
        ],
    ),
    "controller-complaint": (
        {"reply": "no-reply"},
        [
            "This is a data protection complaint",
            "Data (Use and Access) Act 2025",
            "19 June 2026",
            "within 30 days",
            "by 23 December 2026",
            "I am complaining to you first",
            "complain to the Information Commissioner",
            "Article 15(1) and (2)",
        ],
    ),
    "sar-clarification": (
        {"reply": "asked-for-id"},
        [
            "proof of identity",
            "copies, not originals",
            "one month from the day you receive it",
            "by 24 December 2026",
            "Please confirm the date by which you will answer",
        ],
    ),
    "sar-extension-query": (
        {"reply": "extended"},
        [
            "Article 12A",
            "within one month",
            "complexity or number of requests",
            "ended on 5 November 2026",
            "Why is my request complex",
            "On what date, and how, did you tell me of the extension",
            "the latest date for your full answer is 5 January 2027",
        ],
    ),
    "sar-incomplete": (
        {"reply": "incomplete"},
        [
            "A copy of the data itself",
            "Article 15(3)",
            "Article 15(1) and (2)",
            "Audit trails",
            "who viewed, changed or exported my records and my MyWorkSearch account",
            "held for DWP by Seetec",
            "Article 15(1A)",
            "reasonable and proportionate search",
            "what searches you made",
            "by 8 December 2026",
        ],
    ),
    "sar-refusal-challenge": (
        {"reply": "refused-sar"},
        [
            "refused to answer",
            "Article 12(5)",
            "manifestly unfounded or excessive",
            "it is for you to show that it is",
            "Article 12(4)",
            "complain to the Information Commissioner",
            "right to complain to you",
            "by 8 December 2026",
        ],
    ),
    "provider-requirement": (
        {"reply": "said-mandatory"},
        [
            "Who imposed the requirement",
            "legislation, regulation, direction or contract term",
            "From what date",
            "recorded my job search another way",
            "Who can see my account",
            "I will keep meeting my work-search requirements",
            "Article 6",
        ],
    ),
}


def test_every_new_letter_has_a_content_test():
    assert set(KEY_CONTENT) == set(NEW_LETTERS)
    assert set(NEW_LETTERS) <= set(all_letters())


@pytest.mark.parametrize("letter_id", NEW_LETTERS)
def test_letter_states_its_request_and_the_law_it_relies_on(catalogue, letter_id):
    changes, expected = KEY_CONTENT[letter_id]
    text = one_line(letter_text(catalogue, letter_id, **changes))
    missing = [phrase for phrase in expected if one_line(phrase) not in text]
    assert not missing, f"{letter_id} no longer says: {missing}"


@pytest.mark.parametrize("letter_id", NEW_LETTERS)
def test_letter_has_no_markdown_escapes_or_template_leftovers(catalogue, letter_id):
    changes, _ = KEY_CONTENT[letter_id]
    text = letter_text(catalogue, letter_id, **changes)
    for leftover in ("\\", "{{", "{%", "None", "**"):
        assert leftover not in text, f"{letter_id} shows {leftover!r}"


def test_objection_goes_to_the_provider_with_a_copy_to_dwp(catalogue):
    answers = make_answers()
    context = letter_context(get_letter("objection"), answers, catalogue)
    assert context["recipient"].name == "Seetec"
    assert context["cc"].name == catalogue.recipient("dwp-right-of-access").name


def test_objection_cites_the_regulators_own_case_summary_not_a_campaign_blog(catalogue):
    text = one_line(letter_text(catalogue, "objection"))
    # the words are the case summary's own (SOURCES.md section 4), so they may be quoted
    assert '"contradictory messages about whether it was mandatory or not"' in text
    assert "refuted.org.uk" not in text
    assert "'unfair'" not in text and "“unfair”" not in text and '"unfair"' not in text


def test_objection_asks_which_basis_rather_than_asserting_one(catalogue):
    text = one_line(letter_text(catalogue, "objection"))
    assert "If you rely on my consent" in text and "If you rely on another basis" in text


def test_objection_uses_the_persons_own_grounds_when_given(catalogue):
    text = one_line(letter_text(catalogue, "objection", grounds="I care for my mother."))
    assert "My reasons, relating to my own situation, are: I care for my mother." in text


def test_site_sar_never_sends_the_ni_number_or_date_of_birth_to_the_site(catalogue):
    text = letter_text(catalogue, "site-sar")
    assert not [m for m in PERSONAL_MARKERS if m in text]


def test_site_sar_asks_a_processor_to_pass_it_on_rather_than_saying_the_law_makes_it(catalogue):
    text = one_line(letter_text(catalogue, "site-sar"))
    assert "please tell me so in writing" in text and "pass this request on" in text
    assert "the law requires you to pass" not in text


def test_authority_names_no_end_date_but_six_months_and_is_signed(catalogue):
    doc = build_letter("authority-to-act", make_answers(adviser=ADVISER), catalogue)
    assert doc.recipient is None
    assert doc.signature_lines
    assert "Signed authority" not in " ".join(doc.enclosures)  # it is the authority


def test_authority_needs_an_adviser(catalogue):
    from sarkit.answers import AnswersError

    with pytest.raises(AnswersError, match="adviser"):
        build_letter("authority-to-act", make_answers(), catalogue)


def test_ico_complaint_does_not_claim_a_statutory_bar(catalogue):
    text = one_line(letter_text(catalogue, "ico-complaint")).lower()
    assert "i complained to" in text
    assert "must complain to the organisation first" not in text
    assert "required by law to complain" not in text


def test_ico_complaint_after_a_site_sar_names_the_provider(catalogue):
    text = one_line(letter_text(catalogue, "ico-complaint", follows="site-sar", reply="incomplete"))
    assert "how Seetec has dealt with my subject access request" in text
    assert "I complained to Seetec first" in text
    assert "The answer I received was not complete" in text


def test_ico_complaint_after_foi_is_under_section_50(catalogue):
    doc = build_letter(
        "ico-complaint", make_answers(follows="dwp-foi", reply="foi-refused-cost"), catalogue
    )
    text = one_line(to_text(doc))
    assert "section 50 of the Freedom of Information Act 2000" in doc.subject
    assert "section 50 of the Freedom of Information Act 2000" in text
    assert "Part I of the Act" in text and "section 12" in text and "internal review" in text
    assert "UK GDPR" not in text


def test_sar_clarification_asks_for_nothing_more_than_clarification_when_that_was_asked(catalogue):
    text = one_line(
        letter_text(
            catalogue,
            "sar-clarification",
            reply="asked-to-clarify",
            grounds="My request covers 2025 and 2026.",
        )
    )
    assert "My request covers 2025 and 2026." in text
    assert "proof of identity" not in text.lower()
    assert "pauses the time rather than starting it again" in text
    assert "I still want everything I asked for" in text


def test_sar_refusal_challenge_answers_a_fee(catalogue):
    text = one_line(letter_text(catalogue, "sar-refusal-challenge", reply="asked-for-fee"))
    assert "asked me to pay a fee" in text and "A subject access request is free" in text
    assert "further copies (Article 15(3))" in text


def test_sar_extension_query_challenges_a_late_notice(catalogue):
    text = one_line(
        letter_text(catalogue, "sar-extension-query", reply="extended", reply_on="2026-11-10")
    )
    assert "Your letter is dated after that" in text


def test_sar_extension_query_accepts_a_notice_in_time(catalogue):
    text = one_line(
        letter_text(catalogue, "sar-extension-query", reply="extended", reply_on="2026-10-20")
    )
    assert "Your letter is dated after that" not in text
    assert "5 January 2027" in text


def test_provider_requirement_cites_a_sourced_voluntary_fact(catalogue):
    text = one_line(letter_text(catalogue, "provider-requirement", site="avantajobs"))
    assert "said that using avantajobs was voluntary at that time" in text
    assert "24 October 2013" in text


def test_provider_requirement_asks_rather_than_asserts_unlawfulness(catalogue):
    text = one_line(letter_text(catalogue, "provider-requirement")).lower()
    assert "unlawful" not in text and "not lawful" not in text
    assert "under what power?" in text


def test_sensitive_data_protects_the_claim_and_adjustments(catalogue):
    text = one_line(letter_text(catalogue, "sensitive-data"))
    assert "please tell me before you remove it" in text


# --- follow-ups state their dates -------------------------------------------------------------


def test_sar_reminder_states_the_timeline_and_days_late(catalogue):
    text = one_line(letter_text(catalogue, "sar-reminder"))
    assert "by first class post on 1 October 2026" in text
    assert "taken as received on 5 October 2026, the second working day after posting" in text
    assert "For my request that was 5 November 2026" in text
    assert "It is now 15 days late" in text
    assert "by 8 December 2026" in text


def test_sar_reminder_before_the_due_date_says_it_is_due_not_late(catalogue):
    # Emailed Thu 1 Oct 2026: due Sun 1 Nov -> Mon 2 Nov 2026. Written on 1 Nov: not yet late.
    text = one_line(letter_text(catalogue, "sar-reminder", sent_method="email", date="2026-11-01"))
    assert "by email on 1 October 2026, so you received it that day" in text
    assert "For my request that is 2 November 2026" in text
    assert "late" not in text
    # Fourteen days on is Sun 15 Nov, moved to Mon 16 Nov 2026: after the due date.
    assert "by 16 November 2026" in text


def test_sar_reminder_counts_one_day_in_the_singular(catalogue):
    text = one_line(letter_text(catalogue, "sar-reminder", date="2026-11-06"))
    assert "It is now 1 day late" in text


def test_sar_reminder_second_class_post_is_received_on_the_fourth_working_day(catalogue):
    # Posted Thu 1 Oct 2026: Fri 2, Mon 5, Tue 6, Wed 7 Oct -> received 7 Oct; due 7 Nov (a
    # Saturday) -> Mon 9 Nov 2026.
    text = one_line(letter_text(catalogue, "sar-reminder", sent_method="second-class"))
    assert "taken as received on 7 October 2026, the fourth working day after posting" in text
    assert "For my request that was 9 November 2026" in text


def test_sar_reminder_encloses_the_first_request(catalogue):
    doc = build_letter("sar-reminder", make_answers(), catalogue)
    assert "A copy of my request of 1 October 2026" in doc.enclosures


def test_foi_internal_review_states_the_foi_dates(catalogue):
    text = one_line(letter_text(catalogue, "foi-internal-review", reply="no-reply"))
    assert "taken as received on 5 October 2026" in text
    assert "which was 2 November 2026" in text
    assert "I expect the outcome by 23 December 2026" in text


def test_foi_internal_review_before_the_foi_due_date_does_not_call_it_late(catalogue):
    text = one_line(
        letter_text(catalogue, "foi-internal-review", reply="no-reply", date="2026-10-30")
    )
    assert "You have not complied" not in text
    assert "If none comes by that date" in text


def test_ico_complaint_states_the_timeline(catalogue):
    text = one_line(
        letter_text(catalogue, "ico-complaint", reply="no-reply", reply_on="2026-11-10")
    )
    assert "1 October 2026: I sent my request by post" in text
    assert "5 October 2026: the day it was received" in text
    assert "5 November 2026: one month from receipt" in text
    assert "10 November 2026: the date of the latest answer" in text


def test_ico_complaint_after_foi_states_the_foi_timeline(catalogue):
    text = one_line(letter_text(catalogue, "ico-complaint", follows="dwp-foi", reply="no-reply"))
    assert "2 November 2026: the twentieth working day following receipt" in text


def test_controller_complaint_states_when_it_must_be_acknowledged(catalogue):
    text = one_line(
        letter_text(catalogue, "controller-complaint", reply="incomplete", reply_on="2026-11-10")
    )
    assert "that is by 5 November 2026" in text
    assert "Your answer of 10 November 2026 was not complete" in text
    assert "within the 30 days beginning on the day you receive it, so by 23 December 2026" in text


@pytest.mark.parametrize(
    ("follows", "phrase"),
    [
        ("objection", "Deal with my objection in full"),
        ("erasure", "erase my data as I asked (Article 17)"),
        ("sensitive-data", "erase what I asked you to erase (Article 17)"),
        ("site-sar", "a copy of all my personal data, including the audit trails"),
    ],
)
def test_controller_complaint_asks_for_what_the_first_letter_asked(catalogue, follows, phrase):
    text = one_line(
        letter_text(catalogue, "controller-complaint", follows=follows, reply="no-reply")
    )
    assert phrase in text


def test_sar_clarification_gives_the_later_date_and_asks_them_to_confirm(catalogue):
    text = one_line(
        letter_text(catalogue, "sar-clarification", reply="asked-for-id", reply_on="2026-11-10")
    )
    assert "In your letter of 10 November 2026" in text
    assert "my subject access request of 1 October 2026" in text
    assert "I am posting this on 20 November 2026" in text
    assert "by 24 December 2026 at the latest" in text


# --- FOI letters hold no NI number or date of birth -------------------------------------------

FOI_CASES = [
    ("dwp-foi", {}),
    ("foi-internal-review", {"reply": "no-reply"}),
    ("foi-internal-review", {"reply": "foi-refused-cost"}),
    ("ico-complaint", {"follows": "dwp-foi", "reply": "foi-refused-personal"}),
]


@pytest.mark.parametrize(("letter_id", "changes"), FOI_CASES)
@pytest.mark.parametrize("adviser", [None, ADVISER], ids=["claimant", "adviser"])
@pytest.mark.parametrize("fmt", ["txt", "html"])
def test_foi_letters_never_hold_the_ni_number_or_date_of_birth(
    catalogue, letter_id, changes, adviser, fmt
):
    doc = build_letter(letter_id, make_answers(adviser=adviser, **changes), catalogue)
    output = render_documents([doc], fmt).decode("utf-8")
    if adviser:  # an FOI request is public: an adviser's is in their own name, not the client's
        assert ADVISER["name"] in output and "Sam Example" not in output
        assert "sam@example.com" not in output  # replies go to the adviser
    else:
        assert "Sam Example" in output  # the letter really was rendered with the answers
    found = [m for m in PERSONAL_MARKERS if m in output]
    assert not found, f"{letter_id} ({fmt}) shows {found}"


@pytest.mark.parametrize("letter_id", ["sar-reminder", "sar-incomplete", "controller-complaint"])
def test_follow_ups_to_a_provider_do_not_add_the_ni_number(catalogue, letter_id):
    text = letter_text(catalogue, letter_id, follows="site-sar", reply="no-reply")
    assert not [m for m in PERSONAL_MARKERS if m in text]


def test_follow_ups_to_dwp_repeat_the_identifiers_it_needs(catalogue):
    text = one_line(letter_text(catalogue, "sar-reminder", follows="dwp-sar"))
    assert "my National Insurance number is QQ 12 34 56 C" in text


# --- foi-internal-review: one set of reasons for each kind of answer --------------------------

FOI_REASONS = {
    "no-reply": ["You have not complied with section 10(1)", "send me the information now"],
    "foi-refused-cost": [
        "section 12",
        "Whether the estimate is reasonable",
        "Section 16",
        "narrow my request",
    ],
    "foi-refused-personal": [
        "section 40",
        "not about anyone's personal data",
        "redact only that and release the rest",
    ],
    "foi-refused-commercial": [
        "section 43",
        "Prejudice must be real",
        "The public interest",
        "section 2(2)(b)",
        "Redaction",
    ],
    "foi-refused-vexatious": [
        "section 14",
        "reasonable, focused request with a serious purpose",
        "what about the request you consider vexatious",
    ],
    "foi-not-held": [
        "What searches were made",
        "section 3(2)(b)",
        "held by another person on your behalf",
        "Seetec",
    ],
    "foi-refused-other": ["which exemption you rely on", "public interest", "section 17"],
    "": ["which exemption you rely on", "public interest", "section 17"],
}


@pytest.mark.parametrize("reply", list(FOI_REASONS), ids=lambda r: r or "empty")
def test_foi_internal_review_gives_the_reasons_that_fit_the_answer(catalogue, reply):
    text = one_line(
        letter_text(
            catalogue,
            "foi-internal-review",
            reply=reply,
            reply_on="" if reply == "no-reply" else "2026-11-03",
        )
    )
    missing = [p for p in FOI_REASONS[reply] if p not in text]
    assert not missing, f"reply {reply!r}: missing {missing}"
    others = {
        p
        for r, ps in FOI_REASONS.items()
        if r not in (reply, "", "foi-refused-other")
        for p in ps[:1]
    }
    assert not [p for p in others if p in text and p not in FOI_REASONS[reply]]
    assert "section 45" in text and "by 23 December 2026" in text


# --- Northern Ireland ----------------------------------------------------------------------------


@pytest.mark.parametrize("letter_id", list(DWP_LETTERS))
def test_in_northern_ireland_dwp_letters_go_to_the_department_for_communities(catalogue, letter_id):
    doc = build_letter(
        letter_id, make_answers(nation="northern-ireland", **DWP_LETTERS[letter_id]), catalogue
    )
    address = "\n".join([doc.recipient.name, *doc.recipient.lines])
    assert "Department for Communities" in address
    assert "Work and Pensions" not in address
    assert "Work and Pensions" not in to_text(doc)


def test_in_northern_ireland_the_objection_copy_goes_to_the_department_for_communities(catalogue):
    answers = make_answers(nation="northern-ireland")
    cc = letter_context(get_letter("objection"), answers, catalogue)["cc"]
    assert "Department for Communities" in "\n".join([cc.name, *cc.lines])
    text = letter_text(catalogue, "objection", nation="northern-ireland")
    assert "a copy of this letter to the Department for Communities" in one_line(text)
    # Northern Ireland has the journal too (the Department for Communities' own words: its
    # work coaches "communicate with you via your on-line journal")
    assert "and my Universal Credit journal" in one_line(text)


# --- adviser mode ----------------------------------------------------------------------------


@pytest.mark.parametrize("letter_id", ON_BEHALF)
def test_adviser_mode_adds_the_on_behalf_paragraph_and_the_authority(catalogue, letter_id):
    changes, _ = KEY_CONTENT[letter_id]
    doc = build_letter(letter_id, make_answers(**{**changes, "adviser": ADVISER}), catalogue)
    text = one_line(to_text(doc))
    assert "I am writing on behalf of my client, Sam Example" in text
    assert "Example Advice Centre" in text
    assert any("Signed authority from Sam Example" in e for e in doc.enclosures)
    assert "Alex Adviser" in doc.sender


@pytest.mark.parametrize("letter_id", ON_BEHALF)
def test_claimant_mode_has_no_on_behalf_paragraph(catalogue, letter_id):
    changes, _ = KEY_CONTENT[letter_id]
    text = letter_text(catalogue, letter_id, **changes)
    assert "on behalf of my client" not in text


# --- unlisted sites and providers ------------------------------------------------------------


@pytest.mark.parametrize("letter_id", sorted(all_letters()))
@pytest.mark.parametrize("nation", ["england", "northern-ireland"])
def test_every_letter_renders_for_an_unlisted_site_and_provider(catalogue, letter_id, nation):
    spec = get_letter(letter_id)
    changes = {**UNLISTED, "nation": nation, **extra_answers(letter_id)}
    if "adviser" in spec.needs and "adviser_name" not in changes:
        changes["adviser"] = ADVISER
    doc = build_letter(letter_id, make_answers(**changes), catalogue)
    text = to_text(doc)
    assert "Jobs Near Me" in text or "site" not in spec.needs
    assert "MyWorkSearch" not in text and "Seetec" not in text
    assert "\\" not in text and "None" not in text
    render_documents([doc], "html")
