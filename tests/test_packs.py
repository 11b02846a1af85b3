"""A pack as an adviser hands it over: each letter paged on its own, a cover that says whose it
is, a signed form kept whole, and a calendar whose events are the client's own."""

from __future__ import annotations

import base64
import hashlib
import re
import subprocess
from datetime import date

import pytest
from icalendar import Calendar

from sarkit import packs, paths, replies
from sarkit.answers import Answers
from sarkit.letters import Letterhead
from sarkit.outputs import render_documents
from sarkit.profiles import load_catalogue
from sarkit.rendering import PdfRenderer, asset_paths, download_css, render_letter_html
from tests.webforms import ADVISER, EXAMPLE, with_token

CLIENT = {k: v for k, v in EXAMPLE.items() if k != "letters"}
ADVISER_ANSWERS = {
    **CLIENT,
    "adviser": {
        "name": "Alex Adviser",
        "organisation": "Example Advice Centre",
        "address": "3 Advice Lane\nExampletown",
        "reference": "CA/2026/0042",
    },
}
LETTERHEAD = Letterhead(
    name="Example Advice Centre",
    address=("3 Advice Lane", "Exampletown"),
    phone="01234 567890",
    email="advice@example.org",
    charity_number="1234567",
    logo=str(paths.ROOT / "assets" / "icon-180.png"),
)


def pages_of(pdf: bytes, tmp_path) -> list[str]:
    """The PDF's text a page at a time, as pdftotext reads it."""
    path = tmp_path / "pack.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [" ".join(page.split()) for page in text.split("\f")[:-1]]


def make_pack(data: dict, letter_ids: list[str], letterhead: Letterhead | None = None):
    answers, _ = packs.check_answers(data, letter_ids, load_catalogue())
    return answers, packs.build_pack(letter_ids, answers, load_catalogue(), letterhead)


def pack_pdf(pack) -> bytes:
    return render_documents(pack.docs, "pdf", cover=pack.cover, title="Your letters")


def test_each_letter_in_a_pack_numbers_its_own_pages(tmp_path):
    ids = ["provider-questions", "dwp-sar", "dwp-foi", "erasure", "objection"]
    _, pack = make_pack(ADVISER_ANSWERS, ids)
    pages = pages_of(pack_pdf(pack), tmp_path)
    numbers = [re.findall(r"Page (\d+) of (\d+)", page) for page in pages]
    assert all(len(n) == 1 for n in numbers), "every page has one page number"
    numbers = [(int(a), int(b)) for ((a, b),) in numbers]
    # Cut the pack where a page says "Page 1": one run per document (the cover, then each letter).
    runs: list[list[tuple[int, int]]] = []
    for number in numbers:
        if number[0] == 1:
            runs.append([])
        runs[-1].append(number)
    assert len(runs) == 1 + len(pack.docs), numbers
    for run in runs:
        total = run[0][1]
        assert run == [(n, total) for n in range(1, total + 1)], numbers
    assert max(b for _, b in numbers) < len(pages), "page numbers count the pack, not the letter"


def test_the_cover_says_whose_pack_it_is_and_the_case_reference(tmp_path):
    _, pack = make_pack(ADVISER_ANSWERS, ["dwp-sar"])
    cover = pages_of(pack_pdf(pack), tmp_path)[0]
    assert "For: Siân O'Brien-Jones · Our reference: CA/2026/0042" in cover
    _, own = make_pack(CLIENT, ["dwp-sar"])
    assert own.cover["case"] == "" and own.cover["client"] == "Siân O'Brien-Jones"


def test_with_a_letterhead_the_signed_authority_is_one_page_with_its_signature(tmp_path):
    renderer = PdfRenderer(asset_paths(logo=LETTERHEAD.logo))
    _, pack = make_pack(ADVISER_ANSWERS, ["dwp-sar"], LETTERHEAD)
    authority = pack.docs[0]
    assert authority.signature_lines and authority.letterhead
    pdf = renderer.htmls_to_pdf([render_letter_html([authority])])
    pages = pages_of(pdf, tmp_path)
    assert len(pages) == 1, "the signature would be parted from what it authorises"
    assert "How long it lasts" in pages[0] and "Signed:" in pages[0]


def test_a_cover_table_row_never_splits_across_pages(tmp_path):
    # Ten letters in a claimant's own pack: without `break-inside: avoid` on the rows, the
    # last row starts on page 1 and ends on page 2 (the layout in this test was checked so).
    ids = [
        "provider-questions",
        "dwp-sar",
        "site-sar",
        "dwp-foi",
        "objection",
        "erasure",
        "sensitive-data",
        "site-processors",
        "reasonable-adjustments",
        "automated-decisions",
    ]
    _, pack = make_pack(CLIENT, ids)
    html = render_letter_html([], cover=pack.cover, title="Your letters")
    pages = pages_of(PdfRenderer().htmls_to_pdf([html]), tmp_path)
    assert len(pages) >= 2, "the table should run over a page for this test to mean anything"
    for row in pack.cover["rows"]:
        title = " ".join(row["title"].split())
        where = [n for n, page in enumerate(pages) if title in page]
        assert len(where) == 1, f"{title!r} is split or missing: {where}"
        for cell in (row["to"], row["how"], row["reach_by"] or row["due"]):
            assert " ".join(cell.split()) in pages[where[0]], f"{title!r}: split at {cell!r}"


# --- the calendar ------------------------------------------------------------------------------


def uids(ics: bytes) -> list[str]:
    return [str(e["uid"]) for e in Calendar.from_ical(ics).walk("VEVENT")]


def calendar_for(data: dict, ids=("dwp-sar", "dwp-foi")) -> bytes:
    answers, pack = make_pack(data, list(ids))
    return packs.calendar(pack, answers, "https://sarkit.example.org/replies/start?x=1")


def test_calendar_uids_are_the_clients_own_and_stable_and_hold_nothing_personal():
    first = uids(calendar_for(CLIENT))
    assert len(first) == len(set(first)) == 4
    assert uids(calendar_for(CLIENT)) == first  # the same letter again: the same events
    other = uids(calendar_for({**CLIENT, "name": "Sam Example", "nino": "QQ654321C"}))
    assert not set(first) & set(other), "two clients' events would merge"
    later = uids(calendar_for({**CLIENT, "sent_on": "2026-11-27", "date": "2026-11-27"}))
    assert not set(first) & set(later), "a letter sent again is another event"
    for uid in first:  # RFC 7986 5.3: a UUID, with nothing of the person in it
        assert re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", uid
        )


def test_pack_and_reply_helper_calendars_never_share_a_uid():
    pack_uids = uids(calendar_for({**CLIENT, "sent_on": "2026-11-20"}, ids=("dwp-sar",)))
    standing = replies.where_you_stand(
        Answers(
            follows="dwp-sar", reply="no-reply", sent_on=date(2026, 11, 20), date=date(2026, 11, 20)
        ),
        today=date(2026, 11, 20),
    )
    reply_uids = uids(replies.calendar(standing, "https://sarkit.example.org/r"))
    assert reply_uids and not set(pack_uids) & set(reply_uids)


def test_reply_helper_uids_tell_two_peoples_letters_apart_and_stay_the_same_for_one():
    standing = replies.where_you_stand(
        Answers(
            follows="dwp-sar", reply="no-reply", sent_on=date(2026, 11, 20), date=date(2026, 11, 20)
        ),
        today=date(2026, 11, 20),
    )
    mine = "https://sarkit.example.org/replies/start?provider=seetec&sent_on=2026-11-20"
    theirs = "https://sarkit.example.org/replies/start?provider=ingeus&sent_on=2026-11-20"
    first = uids(replies.calendar(standing, mine))
    assert first and uids(replies.calendar(standing, mine)) == first
    assert not set(first) & set(uids(replies.calendar(standing, theirs)))


def test_adviser_event_titles_start_with_the_case_reference():
    events = Calendar.from_ical(calendar_for(ADVISER_ANSWERS)).walk("VEVENT")
    assert {str(e["summary"]).split(" – ")[0] for e in events} == {"CA/2026/0042"}
    own = Calendar.from_ical(calendar_for(CLIENT)).walk("VEVENT")
    assert all(str(e["summary"]).startswith(("Answer due", "No answer yet")) for e in own)


@pytest.mark.parametrize(
    "nation, to", [("england", "DWP"), ("northern-ireland", "the Department for Communities")]
)
def test_the_reconsideration_deadline_is_in_the_calendar(nation, to):
    data = {**CLIENT, "nation": nation, "decision_on": "2026-11-10", "grounds": "I was ill."}
    if nation == "northern-ireland":
        data = {**data, "provider": "", "provider_name": "", "provider_address": ""}
    events = Calendar.from_ical(calendar_for(data, ids=("mandatory-reconsideration",)))
    found = {str(e["summary"]): e for e in events.walk("VEVENT")}
    summary = f"Must reach {to} by 10 December 2026: Ask DWP to look again at a decision"
    hits = [s for s in found if s.startswith(summary.split(":")[0])]
    assert len(hits) == 1, list(found)
    event = found[hits[0]]
    # One month from the notice of 10 November 2026: 10 December, never moved later.
    assert event.decoded("dtstart") == date(2026, 12, 10)
    assert "regulation 5" in str(event["description"])


def test_a_reconsideration_deadline_already_passed_is_not_put_in_the_calendar():
    data = {**CLIENT, "decision_on": "2026-09-01", "grounds": "I was ill."}
    events = Calendar.from_ical(calendar_for(data, ids=("mandatory-reconsideration",)))
    assert not [e for e in events.walk("VEVENT") if str(e["summary"]).startswith("Must reach")]


# --- the HTML download -------------------------------------------------------------------------


def test_html_download_carries_the_letter_css_and_a_csp_that_lets_only_it_apply(client):
    response = client.post("/letters/dwp-sar.html", data=with_token(client, EXAMPLE))
    html = response.get_data(as_text=True)
    style = re.search(r"<style>(.*?)</style>", html, re.S)
    assert style, "the HTML download has no styles: it would not look like the PDF"
    css = style.group(1)
    assert ".subject" in css and "@page" in css and "sarkit-asset:" not in css
    assert css == download_css()
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode()
    policy = dict(
        part.strip().split(" ", 1)
        for part in response.headers["Content-Security-Policy"].split(";")
        if part.strip()
    )
    assert policy["style-src"] == f"'self' 'sha256-{digest}'"
    assert policy["script-src"].startswith("'self'") and "unsafe" not in policy["script-src"]
    # Other pages keep the site's policy with no inline style at all.
    page = client.get("/quick")
    assert "sha256" not in page.headers["Content-Security-Policy"]


def test_adviser_web_pack_cover_and_calendar_carry_the_case_reference(client, tmp_path):
    data = {**EXAMPLE, **ADVISER}
    pdf = client.post("/letters/pack.pdf", data=with_token(client, data)).data
    assert "Our reference: CASE-42" in pages_of(pdf, tmp_path)[0]
    ics = client.post("/letters/dates.ics", data=with_token(client, data)).data
    titles = [str(e["summary"]) for e in Calendar.from_ical(ics).walk("VEVENT")]
    assert titles and all(t.startswith("CASE-42 – ") for t in titles)
