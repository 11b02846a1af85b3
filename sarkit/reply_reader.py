"""The reply reader: which kind of answer a letter is, and the dates and reference it gives.

Text in (sarkit/reply_files.py turns a file into text); out a `Reading`: the reply id it matches
(an id of letters/replies/) or "unsure", the date on their letter, their reference, the date they
say they received the request, and the phrases it relied on.

The phrases are not here: each reply file lists its own `signals:` and `against:` with weights
(letters/README.md, "Reply types"), so a volunteer can improve them without Python. This module
only adds the weights up and decides, and it prefers "unsure" to a wrong answer: a kind wins
only with enough weight and a clear lead, and an answer never wins while a refusal also scores
(a refusal read as an answer is the worst mistake it could make). Domain code: no Flask here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sarkit.replies import Reply, all_replies

UNSURE = "unsure"
# A kind must reach this weight, and lead the next kind by MARGIN, to be named.
THRESHOLD = 4
MARGIN = 2
# Kinds that say they gave what was asked: never named while any other kind also reaches
# THRESHOLD (it may be a refusal).
ANSWERS = ("answered",)
MAX_BECAUSE = 140  # characters of one quotation shown
MAX_QUOTES = 3  # quotations shown: the strongest signals' sentences
MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_MONTH = rf"(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\.?\s+(?:of\s+)?(?P<m>{_MONTH})\b\.?"
# 20 December 2022, 18th November 2020, 27.02.2013, 01-09-2025, 13/12/2022, 2023-02-01.
DATE = re.compile(
    rf"\b(?:{_DAY_MONTH},?\s+(?P<y>(?:19|20)\d\d)"
    r"|(?P<d2>\d{1,2})[./-](?P<m2>\d{1,2})[./-](?P<y2>(?:19|20)\d\d)"
    r"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d))\b",
    re.IGNORECASE,
)
DAY_MONTH = re.compile(rf"\b{_DAY_MONTH}(?!,?\s+(?:19|20)\d\d)", re.IGNORECASE)
RECEIVED = re.compile(r"\breceived\s+on\s+(?:the\s+)?", re.IGNORECASE)
# A reference: letters then digits, perhaps with / or -, perhaps with one space after the letters.
_TOKEN = r"(?P<ref>(?:[A-Za-z]{2,6} )?[A-Za-z]{0,12}\d[\w/-]*)"
REFERENCES = (
    re.compile(
        rf"\bour\s+ref(?:erence)?(?:\s+(?:no|number))?\.?\s*[:.]?\s*{_TOKEN}", re.IGNORECASE
    ),
    re.compile(rf"\bcase\s+reference(?:\s+number)?\s*[:.]?\s*{_TOKEN}", re.IGNORECASE),
    re.compile(r"^(?:FOI\s+)?Request\s+(?P<ref>\d{6,})\b", re.MULTILINE | re.IGNORECASE),
    re.compile(r"\bResponse\s+(?P<ref>[A-Z]{1,5}\d{5,})\b"),
    re.compile(rf"(?:^|\s)Ref(?:erence)?(?:\s+(?:no|number))?\.?\s*:\s*{_TOKEN}", re.IGNORECASE),
)
Day = date  # the type, for the fields named `date`
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "\u00a0": " ", "–": "-"})


@dataclass(frozen=True)
class Reading:
    """What the reader found in one letter."""

    kind: str  # a reply id, or "unsure"
    date: Day | None  # the date on their letter
    reference: str | None  # their reference, as printed
    received: Day | None  # the date they say they received the request
    because: tuple[str, ...]  # the phrases it relied on, as they appear in the letter
    scores: tuple[tuple[str, int], ...]  # every kind that scored, highest first

    @property
    def sure(self) -> bool:
        return self.kind != UNSURE

    def as_dict(self) -> dict[str, object]:
        """The contract's JSON object: kind, date, reference, received, because."""
        return {
            "kind": self.kind,
            "date": self.date.isoformat() if self.date else None,
            "reference": self.reference,
            "received": self.received.isoformat() if self.received else None,
            "because": list(self.because),
        }

    def lines(self) -> list[str]:
        """The contract's lines: the kind first, then what was found, one a line."""
        out = [self.kind]
        if self.date:
            out.append(f"date: {self.date.isoformat()}")
        if self.reference:
            out.append(f"reference: {self.reference}")
        if self.received:
            out.append(f"received: {self.received.isoformat()}")
        out += [f"because: {phrase}" for phrase in self.because]
        return out


def normalise(text: str) -> str:
    """Straight quotes, no hyphen breaks across lines, one space between words, lines kept."""
    text = text.translate(_QUOTES).replace("\r\n", "\n").replace("\r", "\n")
    text = re.sub(r"(?<=[a-z])-\n(?=[a-z])", "", text)
    return "\n".join(" ".join(line.split()) for line in text.split("\n"))


def read_text(text: str, *, sent: date | None = None, directory: Path | None = None) -> Reading:
    """Read one letter's text. `sent` is a date known from outside the text (an email's Date
    header), used when the letter itself shows none."""
    lines = normalise(text)
    flat, breaks = flatten(lines)
    kind, because, scores = classify(flat, all_replies(directory).values(), breaks)
    letter_date = letter_date_in(lines) or sent
    return Reading(
        kind=kind,
        date=letter_date,
        reference=reference_in(lines),
        received=received_in(flat, letter_date),
        because=because,
        scores=scores,
    )


def flatten(lines: str) -> tuple[str, tuple[int, ...]]:
    """The text on one line (signals match across a letter's line breaks), and where a line
    starts a new sentence although the one before has no full stop: after a heading, a label or
    a short line ("DWP Response", "Our Ref: …"), when it starts with a capital. A long line
    that runs on is a paragraph wrapped, not a break."""
    flat, breaks, previous = "", [], ""
    for line in (line for line in lines.split("\n") if line):
        if flat:
            flat += " "
            if line[0].isupper() and (len(previous) < 60 or previous.endswith(":")):
                breaks.append(len(flat))
        flat += line
        previous = line
    return flat, tuple(breaks)


def classify(
    flat: str, kinds: Iterable[Reply], breaks: tuple[int, ...] = ()
) -> tuple[str, tuple[str, ...], tuple[tuple[str, int], ...]]:
    """The winning kind (or unsure), the phrases behind it, and every kind's score."""
    scored: list[tuple[int, str, list[tuple[int, re.Match[str]]]]] = []
    for reply in kinds:
        if not reply.signals:
            continue
        score, found = 0, list[tuple[int, re.Match[str]]]()
        for signal in reply.signals:
            if match := signal.pattern.search(flat):
                score += signal.weight
                found.append((signal.weight, match))
        if not found:
            continue
        for signal in reply.against:
            if signal.pattern.search(flat):
                score -= signal.weight
        scored.append((score, reply.id, found))
    scored.sort(key=lambda item: -item[0])
    scores = tuple((kind, score) for score, kind, _ in scored)
    if not scored or scored[0][0] < THRESHOLD:
        return UNSURE, (), scores
    best, kind, found = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0
    if best - runner_up < MARGIN:
        return UNSURE, (), scores
    if kind in ANSWERS and any(s >= THRESHOLD for s, other, _ in scored[1:] if other != kind):
        return UNSURE, (), scores
    # One quotation a sentence, the strongest signals' first.
    quotes: dict[tuple[int, int], str] = {}
    for _, match in sorted(found, key=lambda f: -f[0]):
        span = sentence_around(flat, match, breaks)
        quotes.setdefault(span, quotation(flat, span, match))
    return kind, tuple(quotes.values())[:MAX_QUOTES], scores


# The end of a sentence: . ! or ? before a space and a capital, or the end of the text.
SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z(\"'])|[.!?]$")


def sentence_around(flat: str, match: re.Match[str], breaks: tuple[int, ...]) -> tuple[int, int]:
    """Where the sentence holding the match starts and stops in the text."""
    ends = sorted([m.end() for m in SENTENCE_END.finditer(flat)] + [b - 1 for b in breaks])
    start = max((end for end in ends if end <= match.start()), default=0)
    stop = min((end for end in ends if end >= match.end()), default=len(flat))
    while start < match.start() and flat[start].isspace():
        start += 1
    return start, stop


def quotation(flat: str, span: tuple[int, int], match: re.Match[str]) -> str:
    """Their words that show it: the sentence the signal matched in, so a person sees what the
    letter says ("we are not obliged to comply with your request"), not a bare "£600". A long
    sentence is cut to MAX_BECAUSE characters around the match, with "…" where it was cut."""
    start, stop = span
    if stop - start <= MAX_BECAUSE:
        return flat[start:stop]
    room = max(0, (MAX_BECAUSE - (match.end() - match.start())) // 2)
    left = max(start, match.start() - room)
    right = min(stop, left + MAX_BECAUSE)
    left = max(start, right - MAX_BECAUSE)
    return ("…" if left > start else "") + flat[left:right].strip() + ("…" if right < stop else "")


def _date_of(match: re.Match[str]) -> date | None:
    groups = match.groupdict()
    try:
        if groups.get("y"):
            return date(int(groups["y"]), MONTHS[groups["m"].lower()], int(groups["d"]))
        if groups.get("y2"):
            return date(int(groups["y2"]), int(groups["m2"]), int(groups["d2"]))
        if groups.get("y3"):
            return date(int(groups["y3"]), int(groups["m3"]), int(groups["d3"]))
    except ValueError:  # 31 February, month 13: not a date
        return None
    return None


def letter_date_in(lines: str) -> date | None:
    """The date on their letter: the first date that stands as a letter's date does, alone on
    its line or after a label ("Date:", "Response", their reference), not inside a sentence
    ("your request of 15 March 2012", "received on 6 December 2022"), and above "Dear …"."""
    all_lines = lines.split("\n")
    # Above "Dear …", where there is one: a date below it is part of what they say.
    dear = next((i for i, line in enumerate(all_lines) if line.lower().startswith("dear ")), None)
    for line in all_lines[:dear]:
        for match in DATE.finditer(line):
            before = line[: match.start()]
            if re.search(r"(?<![A-Za-z])[a-z]", before):  # a word in lower case: a sentence
                continue
            found = _date_of(match)
            if found:
                return found
    return None


def received_in(flat: str, letter_date: date | None) -> date | None:
    """The date they say they received the request ("received on 6 December"): the year, if
    not given, is the letter's, or the year before when that would put it after the letter."""
    for label in RECEIVED.finditer(flat):
        rest = flat[label.end() : label.end() + 40]
        if (full := DATE.match(rest)) and (found := _date_of(full)):
            return found
        if (part := DAY_MONTH.match(rest)) and letter_date:
            month, day = MONTHS[part["m"].lower()], int(part["d"])
            try:
                found = date(letter_date.year, month, day)
                if found > letter_date:
                    found = date(letter_date.year - 1, month, day)
            except ValueError:
                continue
            return found
    return None


def reference_in(lines: str) -> str | None:
    """Their reference, as printed: "Our Ref: FOI2022/97453", "Case Reference Number …",
    a disclosure log's "Request 101003182690" or "Response A1345088"."""
    for pattern in REFERENCES:
        if match := pattern.search(lines):
            return match["ref"].strip(" .,;:")
    return None
