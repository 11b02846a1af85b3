"""Every letter can be sent as it is made (issue 15, item 1): the text people copy holds no
note to the sender and no blank to fill in, an email never points at "the address above", and
a letter too long for a full email link still gets one with the address and the subject."""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import replace

import pytest

from sarkit import packs
from sarkit.answers import parse_answers
from sarkit.documents import body_text, to_text
from sarkit.letters import all_letters, build_letter
from sarkit.profiles import load_catalogue
from tests.letter_extras import extra_answers
from tests.test_every_letter import FOLLOW_UP
from tests.webforms import ADVISER, EXAMPLE

CATALOGUE = load_catalogue()
# Replies that pick a different version of the same letter.
VARIANTS = {"sar-clarification": [{"reply": "asked-for-id"}, {"reply": "asked-to-clarify"}]}
WHO = {
    "claimant by post": {},
    "claimant by email": {"email": "sian@example.org", "sent_method": "email"},
    "claimant with no fixed address": {"address": "", "postcode": "", "email": "s@example.org"},
    "adviser": ADVISER,
}
ADVISERS_ONLY = {"letter-before-claim"}
BLANK = re.compile(r"\[[^\]]*\]")


def documents(letter_id: str, who: dict):
    for variant in VARIANTS.get(letter_id, [{}]):
        data = {**EXAMPLE, **FOLLOW_UP, **extra_answers(letter_id), **variant, **who}
        data.pop("letters")
        yield build_letter(letter_id, parse_answers(data)[0], CATALOGUE)


CASES = [
    (letter_id, who)
    for letter_id in sorted(all_letters())
    for who in WHO
    if who == "adviser" or letter_id not in ADVISERS_ONLY
]


@pytest.mark.parametrize(("letter_id", "who"), CASES)
def test_the_text_of_every_letter_can_be_sent_as_it_is(letter_id, who):
    for doc in documents(letter_id, WHO[who]):
        for text in (to_text(doc), body_text(doc)):
            assert not BLANK.findall(text), BLANK.findall(text)
            assert "Check this address" not in text
        assert "address above" not in body_text(doc)


def test_the_email_body_opens_with_the_references_and_ends_with_how_to_reply():
    data = {**EXAMPLE, "email": "sian@example.org", "letters": None}
    doc = build_letter("dwp-sar", parse_answers(data)[0], CATALOGUE)
    body = body_text(doc)
    assert body.startswith("National Insurance number: QQ 12 34 56 C\n\nDear Sir or Madam,")
    signature = body[body.index("Yours faithfully,") :]
    for line in ("Siân O'Brien-Jones", "1 Example Street", "EX1 1EX", "sian@example.org"):
        assert line in signature
    assert "by post to 1 Example Street, Exampletown, EX1 1EX" in body


def test_a_journal_message_is_the_message_alone():
    data = {**EXAMPLE, "provider": "jobcentre-plus", "letters": None}
    doc = build_letter("journal-message", parse_answers(data)[0], CATALOGUE)
    body = body_text(doc)
    assert doc.recipient.journal
    assert "1 Example Street" not in body and body.rstrip().endswith("Siân O'Brien-Jones")


def _mailto_parts(href: str) -> tuple[str, dict]:
    url = urllib.parse.urlsplit(href)
    return url.path, urllib.parse.parse_qs(url.query)


def test_a_long_letter_gets_an_email_link_with_the_address_and_subject_only():
    doc = build_letter("dwp-sar", parse_answers({**EXAMPLE, "letters": None})[0], CATALOGUE)
    assert doc.recipient.email and len(body_text(doc)) > packs.MAILTO_LIMIT
    link = packs.mailto_link(doc)
    assert link is not None and not link.with_body
    address, query = _mailto_parts(link.href)
    assert address == doc.recipient.email
    assert query == {"subject": [doc.subject]}


def test_a_short_letter_gets_the_whole_letter_in_its_email_link():
    data = {**EXAMPLE, "provider": "jobcentre-plus", "letters": None}
    doc = build_letter("journal-message", parse_answers(data)[0], CATALOGUE)
    # The same short message, to someone with an email address.
    short = replace(doc, recipient=replace(doc.recipient, journal=False, email="a@example.org"))
    link = packs.mailto_link(short)
    assert link is not None and link.with_body
    _, query = _mailto_parts(link.href)
    assert query["body"][0].replace("\r\n", "\n") == body_text(short)
