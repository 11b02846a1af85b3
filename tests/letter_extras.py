"""What some letters need beyond a test's usual answers, in one place for every test that makes
each letter in turn: the person's own words, a decision's date, or (for a letter before claim)
an adviser and a complaint that did not put things right."""

ADVISER_FIELDS = {
    "adviser_name": "Alex Adviser",
    "adviser_organisation": "Advice Centre",
    "adviser_address": "2 Advice Lane",
}
EXTRA = {
    "authority-to-act": ADVISER_FIELDS,
    "rectification": {"grounds": "The note says I refused to register. I asked a question."},
    "mandatory-reconsideration": {"decision_on": "2026-11-10"},
    "letter-before-claim": {**ADVISER_FIELDS, "reply": "complaint-not-resolved"},
}


def extra_answers(letter_id: str) -> dict:
    return dict(EXTRA.get(letter_id, {}))
