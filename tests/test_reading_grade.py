"""The page where people choose their letters reads as plainly as the rest (issue 15, item 2):
Flesch–Kincaid grade 6 or below, as measured by textstat over the page's main text. It was 8.7
when the letter summaries ran to 27–52 words with "(or the Department for Communities in
Northern Ireland)" in six of them."""

from __future__ import annotations

import pytest
import textstat

from sarkit.letters import all_letters, get_letter
from tests.helpers import get_page, text_of
from tests.test_journey import walk

GRADE = 6


@pytest.mark.parametrize(
    ("provider", "who"),
    [("jobcentre-plus", "myself"), ("seetec", "myself"), ("seetec", "adviser")],
)
def test_which_letters_reads_at_grade_6_or_below(client, provider, who):
    walk(client, provider=provider, who=who, to="/journey/which-letters")
    main = get_page(client, "/journey/which-letters").find("main")
    text = text_of(main)
    assert len(text.split()) > 100, text  # the summaries are there to be measured
    assert textstat.flesch_kincaid_grade(text) <= GRADE, text


def test_no_letter_summary_is_long_or_hard():
    for letter_id in all_letters():
        summary = get_letter(letter_id).summary
        assert len(summary.split()) <= 36, letter_id
        assert textstat.flesch_kincaid_grade(summary) <= 8, (letter_id, summary)


# The reply types for before and after a sanction (issue 16) are read by people under the most
# pressure: their explanations (Markdown marks taken out) stay at grade 6 or below too.
SANCTION_REPLIES = (
    "sanctioned",
    "notes-wrong",
    "corrected",
    "refused-rectification",
    "no-automated-decision",
    "reconsideration-refused",
)


@pytest.mark.parametrize("reply_id", SANCTION_REPLIES)
@pytest.mark.parametrize("northern_ireland", [False, True], ids=["gb", "ni"])
def test_the_sanction_reply_explanations_read_at_grade_6_or_below(reply_id, northern_ireland):
    from sarkit.replies import explain, get_reply
    from tests.test_replies import standing_for

    follows = get_reply(reply_id).after[0]
    nation = "northern-ireland" if northern_ireland else "england"
    text = explain(
        standing_for(follows, reply_id, nation=nation), northern_ireland=northern_ireland
    )
    plain = text.replace("#", "").replace("*", "")
    assert textstat.flesch_kincaid_grade(plain) <= GRADE, (reply_id, plain)
