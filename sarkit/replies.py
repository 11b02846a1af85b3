"""The reply helper: what an answer to a letter means, where that leaves the claimant, and by when.

Each kind of answer is one file in letters/replies/: YAML metadata (which letters it can follow,
the question as a claimant would put it, how it changes the dates, the next letters) and a
Markdown+Jinja explanation in plain English. Adding a reply type is adding a file and its test.

`where_you_stand(answers)` works out, from the letter sent, when and how, the answer and its date,
every date that matters now, each with the rule that produced it (ARCHITECTURE.md,
"Deadlines"), and the next letters in order. Domain code: no Flask here.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import yaml
from jinja2 import Environment, StrictUndefined

from sarkit import deadlines, paths
from sarkit.answers import Answers
from sarkit.calendars import CalendarEntry, due_and_reminder, to_ics
from sarkit.letters import FRONT_MATTER, all_letters, department_name, escape_markdown, long_date

# The letters a claimant sends first, in the order the reply journey offers them.
FIRST_LETTERS = (
    "dwp-sar",
    "site-sar",
    "dwp-foi",
    "provider-questions",
    "sensitive-data",
    "objection",
    "erasure",
    # Before and after a sanction (issue 16): their answers are reply types too.
    "rectification",
    "automated-decisions",
    "mandatory-reconsideration",
)
# What the claimant calls the letter they sent (the caption of the "where you stand" page).
SENT_NAMES = {
    "dwp-sar": "Your request to {{ dept }} for a copy of your data",
    "site-sar": "Your request to the website or provider for a copy of your data",
    "dwp-foi": "Your Freedom of Information request to {{ dept }}",
    "provider-questions": "Your questions to the provider",
    "sensitive-data": "Your letter to {{ dept }} about sensitive information",
    "objection": "Your letter asking them to stop looking at your account",
    "erasure": "Your request to delete your account",
    "rectification": "Your request to correct a wrong record about you",
    "automated-decisions": "Your question about decisions made by a computer",
    "mandatory-reconsideration": "Your request to look again at a decision (mandatory "
    "reconsideration)",
}
# How an answer changes the dates (the `clock` of a reply file).
CLOCKS = {
    "no-reply": "Nothing has come: the first letter's own date decides.",
    "none": "The answer does not change any date in law.",
    "restart-from-reply": "The month runs again from the day they receive what they asked for.",
    "paused": "The law pauses the month until they receive your answer; sarkit shows the later "
    "date, a month from receipt of your answer.",
    "extended": "Up to three months from receipt of the first letter.",
    "answered": "They answered a data protection request: three months from it to go to the ICO.",
    "foi-answered": "They answered an FOI request: 40 working days from it to ask for a review.",
    "review-answered": "The FOI internal review answered: six weeks from it to go to the ICO.",
    "acknowledged": "They only said it arrived: the first letter's own date still decides.",
    "answered-by-kind": "They sent what was asked: for a data protection request, three months "
    "from it to go to the ICO; for an FOI request, 40 working days to ask for a review.",
    "decision": "A decision about your benefit: one month from the date on the decision letter "
    "to ask them to look at it again.",
    "appeal": "The reconsideration did not change the decision: one month from the notice for "
    "an appeal to reach the tribunal (Great Britain; in Northern Ireland, see the notice).",
}
# The most a signal may weigh, so one phrase never decides alone what a volunteer did not mean.
MAX_WEIGHT = 10
# Letters that touch a requirement to use the site (Principle 8: say "keep meeting your
# work-search requirements" wherever a requirement is in play).
REQUIREMENT_LETTERS = (
    "provider-questions",
    "objection",
    "erasure",
    "rectification",
    "mandatory-reconsideration",
)
REPLY_FILE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\.md")
SAR_EXTRA_MONTHS_NOTE = (
    "They can only take this long if your request is complex or you sent many, and they must "
    "have told you why within the first month (UK GDPR Article 12A)."
)
_METHOD_WORDS = {
    "first-class": "by first-class post",
    "second-class": "by second-class post",
    "email": "by email",
    "by-hand": "by hand",
}
_POSTAL_NTH = {"first-class": "second", "second-class": "fourth"}


class ReplyError(ValueError):
    """A reply file that is broken, or answers that don't fit together, said in plain English."""


@dataclass(frozen=True)
class Signal:
    """A phrase (or regular expression) that points to a kind of answer, with its weight.

    From a reply file's `signals:` (for the kind) or `against:` (against it); the reply reader
    (sarkit/reply_reader.py) adds up the weights of those found in a letter's text.
    """

    pattern: re.Pattern[str]
    weight: int
    source: str  # as written in the file, for messages


@dataclass(frozen=True)
class Reply:
    """One kind of answer a letter can get."""

    id: str
    after: tuple[str, ...]  # the first letters it can follow
    question: str  # as the claimant would put it: "They asked me for ID"
    hint: str
    title: str  # the heading of the "where you stand" page
    clock: str
    steps: dict[str, tuple[tuple[str, ...], ...]]  # by letter followed: steps of letter ids
    order: int
    requirements: bool  # whether the answer touches a requirement to use the site
    grounds_label: str  # if set, the details page asks for a.grounds with this label
    grounds_hint: str
    body: str  # Markdown with Jinja
    path: Path
    signals: tuple[Signal, ...] = ()  # phrases in their letter that point to this kind
    against: tuple[Signal, ...] = ()  # phrases that point away from it
    # Letters offered beside the first step, not ticked: "if you want to" (e.g. a copy of the
    # evidence after a sanction).
    also: tuple[str, ...] = ()
    # How the date question is put, where "the date on their answer" is not what they hold
    # (a mandatory reconsideration notice, a note in the journal); empty for the usual words.
    date_label: str = ""
    date_hint: str = ""

    def steps_after(self, letter_id: str) -> tuple[tuple[str, ...], ...]:
        """The next letters after this answer to that letter: steps in order, each a group."""
        return self.steps.get(letter_id, self.steps.get("*", ()))

    def next_after(self, letter_id: str) -> tuple[str, ...]:
        """The next letters in order, flattened."""
        return tuple(i for step in self.steps_after(letter_id) for i in step)


@dataclass(frozen=True)
class DateLine:
    """One date on the "where you stand" page, and the rule it came from, in one sentence."""

    key: str
    label: str
    date: date
    rule: str


@dataclass(frozen=True)
class Standing:
    """Where the claimant stands after an answer (or none), and what to do next."""

    follows: str
    letter_title: str
    kind: str | None  # sar | foi | None: the first letter's kind of deadline
    reply: Reply
    today: date
    sent_on: date
    sent_method: str
    received: date
    reply_on: date | None
    due: deadlines.Deadline | None  # the first letter's due date
    # late | due-today | not-due | no-time-limit | answered | waiting-for-you | extended
    status: str
    overdue_days: int
    answer_late_days: int  # how late their answer came, if it did
    new_due: deadlines.Deadline | None  # the date after the answer changed the clock
    extension_late: bool  # they said "extended" after the first month had ended
    their_dates: tuple[DateLine, ...]
    your_dates: tuple[DateLine, ...]
    next_steps: tuple[tuple[str, ...], ...]
    keep_meeting_requirements: bool
    decision_on: date | None = None  # the date on the decision letter, after a decision
    also_letters: tuple[str, ...] = ()  # offered beside the first step, not ticked

    @property
    def next_letters(self) -> tuple[str, ...]:
        """Every letter offered: the first step, those offered beside it, then the later ones."""
        first = self.now_letters
        also = tuple(i for i in self.also_letters if i not in first)
        later = tuple(i for i in self.later_letters if i not in first + also)
        return first + also + later

    @property
    def now_letters(self) -> tuple[str, ...]:
        """The letters to write now: the first step."""
        return self.next_steps[0] if self.next_steps else ()

    @property
    def later_letters(self) -> tuple[str, ...]:
        """The letters for later, only if the first step does not work, in order."""
        return tuple(i for step in self.next_steps[1:] for i in step)

    @property
    def is_late(self) -> bool:
        return self.status == "late"

    def date_line(self, key: str) -> DateLine | None:
        for line in (*self.their_dates, *self.your_dates):
            if line.key == key:
                return line
        return None


# --- loading the reply files ---------------------------------------------------------------------


def replies_dir() -> Path:
    return paths.REPLIES_DIR


@cache
def _load(directory: Path) -> dict[str, Reply]:
    found = [
        _read(path) for path in sorted(directory.glob("*.md")) if REPLY_FILE.fullmatch(path.name)
    ]
    return {r.id: r for r in sorted(found, key=lambda r: (r.order, r.id))}


def all_replies(directory: Path | None = None) -> dict[str, Reply]:
    """Every reply type, by id, in the order the journey offers them."""
    return _load(directory or replies_dir())


def get_reply(reply_id: str, directory: Path | None = None) -> Reply:
    replies = all_replies(directory)
    if reply_id not in replies:
        raise ReplyError(f"There is no kind of answer called {reply_id!r}.")
    return replies[reply_id]


def replies_for(letter_id: str, directory: Path | None = None) -> list[Reply]:
    """The kinds of answer that letter can get, in the order the journey offers them."""
    return [r for r in all_replies(directory).values() if letter_id in r.after]


def _read(path: Path) -> Reply:
    match = FRONT_MATTER.match(path.read_text(encoding="utf-8"))
    if not match:
        raise ReplyError(f"{path.name}: start the file with metadata between two '---' lines.")
    meta = yaml.safe_load(match.group(1)) or {}
    where = path.name
    if meta.get("id") != path.stem:
        raise ReplyError(f"{where}: the id in the metadata must be {path.stem!r}.")
    for key in ("question", "title", "clock", "after"):
        if not meta.get(key):
            raise ReplyError(f"{where}: give '{key}' in the metadata.")
    # `next: []` says on purpose that no letter follows (sarkit explains, and writes nothing).
    if "next" not in meta or meta["next"] is None:
        raise ReplyError(f"{where}: give 'next' in the metadata (or 'next: []' for none).")
    if meta["clock"] not in CLOCKS:
        raise ReplyError(f"{where}: 'clock' must be one of {', '.join(CLOCKS)}.")
    after = FIRST_LETTERS if meta["after"] == "any" else tuple(meta["after"])
    unknown = [i for i in after if i not in FIRST_LETTERS]
    if unknown:
        raise ReplyError(
            f"{where}: 'after' names {unknown}, which are not first letters "
            f"({', '.join(FIRST_LETTERS)}), or say 'any'."
        )
    steps = _steps(meta["next"], where)
    also = meta.get("also") or []
    if not isinstance(also, list) or not all(isinstance(i, str) for i in also):
        raise ReplyError(f"{where}: 'also' must be a list of letter ids.")
    letters = all_letters()
    named = {i for s in steps.values() for step in s for i in step} | set(also)
    missing = sorted(named - set(letters))
    if missing:
        raise ReplyError(f"{where}: 'next' names letters that do not exist: {missing}.")
    return Reply(
        id=meta["id"],
        after=after,
        question=meta["question"],
        hint=meta.get("hint", ""),
        title=meta["title"],
        clock=meta["clock"],
        steps=steps,
        order=int(meta.get("order", 100)),
        requirements=bool(meta.get("requirements", False)),
        grounds_label=meta.get("grounds_label", ""),
        grounds_hint=meta.get("grounds_hint", ""),
        body=match.group(2),
        path=path,
        signals=_signals(meta.get("signals"), where, "signals"),
        against=_signals(meta.get("against"), where, "against"),
        also=tuple(also),
        date_label=meta.get("date_label", ""),
        date_hint=meta.get("date_hint", ""),
    )


def _signals(raw: object, where: str, key: str) -> tuple[Signal, ...]:
    """`signals:` and `against:` are lists of `{phrase: ..., weight: N}` or `{regex: ...}`.

    A phrase matches as written, whole words, any case, any spacing; a regex is Python's, any
    case. The weight (1 to MAX_WEIGHT, default 1) is how much it counts.
    """
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ReplyError(f"{where}: '{key}' must be a list of phrases (phrase: ..., weight: N).")
    found = []
    for number, item in enumerate(raw, 1):
        what = f"{where}: '{key}' item {number}"
        if not isinstance(item, dict) or len({"phrase", "regex"} & set(item)) != 1:
            raise ReplyError(f"{what}: give either 'phrase' or 'regex', and a 'weight'.")
        unknown = set(item) - {"phrase", "regex", "weight"}
        if unknown:
            raise ReplyError(f"{what}: unknown key {sorted(unknown)}; use phrase, regex, weight.")
        weight = item.get("weight", 1)
        if not isinstance(weight, int) or isinstance(weight, bool) or not 1 <= weight <= MAX_WEIGHT:
            raise ReplyError(f"{what}: 'weight' must be a whole number from 1 to {MAX_WEIGHT}.")
        text = item.get("phrase", item.get("regex"))
        if not isinstance(text, str) or not text.strip():
            raise ReplyError(f"{what}: the phrase is empty.")
        if "phrase" in item:
            words = [re.escape(w) for w in text.split()]
            source = r"\s+".join(words)
            source = (r"\b" if text[0].isalnum() else "") + source
            source += r"\b" if text[-1].isalnum() else ""
        else:
            source = text
        try:
            pattern = re.compile(source, re.IGNORECASE)
        except re.error as error:
            raise ReplyError(f"{what}: the regex does not work ({error}).") from None
        found.append(Signal(pattern, weight, text))
    return tuple(found)


def _steps(raw: object, where: str) -> dict[str, tuple[tuple[str, ...], ...]]:
    """`next` is a list of steps (a letter id, or a list of ids written together), or a mapping
    from the letter followed (or `*` for any other) to such a list."""
    if isinstance(raw, dict):
        return {str(k): _step_list(v, where) for k, v in raw.items()}
    return {"*": _step_list(raw, where)}


def _step_list(raw: object, where: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(raw, list):
        raise ReplyError(f"{where}: 'next' must be a list of letter ids.")
    steps = []
    for step in raw:
        group = tuple(step) if isinstance(step, list) else (step,)
        if not all(isinstance(i, str) for i in group):
            raise ReplyError(f"{where}: each step in 'next' is a letter id or a list of them.")
        steps.append(group)
    return tuple(steps)


# --- where you stand ------------------------------------------------------------------------------


def where_you_stand(answers: Answers, today: date | None = None) -> Standing:
    """Where the claimant stands, from `follows`, `sent_on`, `sent_method`, `reply`, `reply_on`.

    `today` defaults to the answers' date (today in London unless given), which is also the day
    the next letter is taken as sent.
    """
    today = today or answers.date
    follows = answers.follows
    letters = all_letters()
    if follows not in FIRST_LETTERS or follows not in letters:
        raise ReplyError("Select the letter you sent.")
    reply = get_reply(answers.reply or "no-reply")
    if follows not in reply.after:
        raise ReplyError(
            f"“{reply.question}” is not an answer that letter can get. Select what they said."
        )
    sent, method = answers.sent_date, answers.sent_method
    # After a decision the date that counts is the decision letter's, which may come before
    # the letter sent (a SAR sent after a sanction): it is asked instead of the answer's date.
    undated = ("no-reply", "decision")
    reply_on = answers.reply_on if reply.clock not in undated else None
    if reply.clock not in undated and reply_on is None:
        raise ReplyError("Enter the date of their answer.")
    if reply.clock == "decision" and answers.decision_on is None:
        raise ReplyError("Enter the date on the decision letter.")
    if reply_on and reply_on < sent:
        raise ReplyError(
            "The date of their answer must be on or after the day you sent your letter."
        )
    kind = letters[follows].deadline
    work = _Work(follows, kind, reply, today, sent, method, reply_on)
    work.decision_on = answers.decision_on if reply.clock == "decision" else None
    work.northern_ireland = answers.in_northern_ireland
    _CLOCK_RULES[reply.clock](work)
    if reply.clock not in ("restart-from-reply", "paused"):
        work.their += _next_letter_dates(work)
    return Standing(
        follows=follows,
        letter_title=letters[follows].title,
        kind=kind,
        reply=reply,
        today=today,
        sent_on=sent,
        sent_method=method,
        received=work.received,
        reply_on=reply_on,
        due=work.due,
        status=work.status,
        overdue_days=work.overdue,
        answer_late_days=work.answer_late,
        new_due=work.new_due,
        extension_late=work.extension_late,
        their_dates=tuple(work.their),
        your_dates=tuple(work.yours),
        next_steps=work.steps,
        keep_meeting_requirements=reply.requirements or follows in REQUIREMENT_LETTERS,
        decision_on=work.decision_on,
        # Not the letter they have just sent (a correction already asked for, say).
        also_letters=tuple(i for i in reply.also if i != follows),
    )


class _Work:
    """The pieces of a Standing while the clock rule for the answer fills them in."""

    def __init__(
        self,
        follows: str,
        kind: str | None,
        reply: Reply,
        today: date,
        sent: date,
        method: str,
        reply_on: date | None,
    ) -> None:
        self.follows, self.kind, self.reply, self.today = follows, kind, reply, today
        self.sent, self.method, self.reply_on = sent, method, reply_on
        self.received = deadlines.received_on(sent, method)
        self.due = deadlines.deadline_after_sending(kind, sent, method) if kind else None
        self.status, self.overdue, self.answer_late = "answered", 0, 0
        self.new_due: deadlines.Deadline | None = None
        self.extension_late = False
        self.their: list[DateLine] = []
        self.yours: list[DateLine] = []
        self.steps = reply.steps_after(follows)
        self.decision_on: date | None = None
        self.northern_ireland = False

    def own_deadline(self, key: str, label: str, found: deadlines.Deadline) -> None:
        """A deadline the claimant must meet (a reconsideration, an appeal): it is the new due
        date, and it goes among their own dates."""
        self.new_due = found
        self.yours.append(DateLine(key, label, found.due, found.rule))

    def due_line(
        self,
        label_past: str = "Their answer was due by",
        label_future: str = "Their answer is due by",
    ) -> None:
        if self.due:
            label = label_past if self.due.due < self.today else label_future
            self.their.append(DateLine("due", label, self.due.due, self.due.rule))
        else:
            self.their.append(
                DateLine(
                    "received",
                    "They got your letter on",
                    self.received,
                    _receipt_rule(self.sent, self.method, self.received)
                    + " There is no time limit in law for an answer.",
                )
            )

    @property
    def replied(self) -> date:
        """The date of their answer: every clock rule but "no-reply" has one (standing()
        refuses the answers without it)."""
        assert self.reply_on is not None
        return self.reply_on

    def answered_line(self, label: str = "The date on their answer") -> None:
        rule = f"The date on their answer, {long_date(self.replied)}."
        if self.due:
            self.answer_late = deadlines.days_overdue(self.due.due, self.replied)
            if self.answer_late:
                rule += (
                    f" That was {_days(self.answer_late)} after their answer was due, "
                    f"{long_date(self.due.due)}."
                )
            else:
                rule += " That was in time."
        self.their.append(DateLine("answered", label, self.replied, rule))


def _no_reply(w: _Work) -> None:
    w.due_line()
    if not w.due:
        w.status = "no-time-limit"
        return
    w.overdue = deadlines.days_overdue(w.due.due, w.today)
    if w.overdue:
        w.status = "late"
    else:
        # Principle 8: not late until the whole due day has passed; nothing to send before then.
        w.status = "due-today" if w.today == w.due.due else "not-due"
        w.steps = ()


def _none(w: _Work) -> None:
    w.due_line()
    w.answered_line()


def _restart(w: _Work) -> None:
    """ID (or a fee): the month runs again from the day they receive it (ARCHITECTURE.md,
    "Deadlines")."""
    w.due_line("The first date was", "The first date was")
    w.answered_line("They asked on")
    found = deadlines.deadline_after_sending("sar", w.today, w.method)
    rule = f"If you send it today: {found.rule[0].lower()}{found.rule[1:]}"
    if w.reply.clock == "paused":
        rule += (
            " The law pauses the time while they wait for your answer, so their date may "
            "be a little earlier. We show the later date, and the letter asks them to "
            "confirm theirs."
        )
    else:
        rule += " The month runs again from the day they get what they asked for."
    w.new_due = deadlines.Deadline(
        found.kind, found.received, found.due, rule, found.latest_extended
    )
    w.their.append(DateLine("new-due", "Their new date, if you send it today", found.due, rule))
    w.status = "waiting-for-you"


def _extended(w: _Work) -> None:
    """Up to two more months, told within the first month with reasons (Article 12A)."""
    w.due_line("The first month ended on", "The first month ends on")
    w.answered_line("They told you on")
    extended = deadlines.deadline("sar-extended", w.received)
    w.new_due = extended
    # An extension only answers a SAR, which always has a due date and a reply date.
    assert w.due is not None and w.reply_on is not None
    w.extension_late = w.reply_on > w.due.due
    rule = f"{extended.rule} {SAR_EXTRA_MONTHS_NOTE}"
    w.their.append(
        DateLine("extended-due", "The latest date, with the extension", extended.due, rule)
    )
    w.overdue = deadlines.days_overdue(extended.due, w.today)
    w.status = "late" if w.overdue else "extended"
    w.yours.append(_ico_data_protection(w.replied))


def _answered(w: _Work) -> None:
    w.due_line()
    w.answered_line()
    w.yours.append(_ico_data_protection(w.replied))


def _foi_answered(w: _Work) -> None:
    w.due_line()
    w.answered_line()
    last = deadlines.last_day_to_ask_for_internal_review(w.replied)
    w.yours.append(
        DateLine(
            "review-last-day",
            "Last day to ask for an internal review",
            last,
            f"40 working days after their answer of {long_date(w.reply_on)}, not counting weekends "
            "or bank holidays anywhere in the UK. After that they can refuse to do a review (the "
            "code of practice under section 45 of the Freedom of Information Act).",
        )
    )


def _review_answered(w: _Work) -> None:
    w.answered_line("Their review answer is dated")
    last = deadlines.last_day_to_complain_to_ico_foi(w.replied)
    w.yours.append(
        DateLine(
            "ico-last-day",
            "Last day to complain to the ICO",
            last,
            f"Six weeks after their final answer of {long_date(w.reply_on)}. The ICO asks for "
            "complaints about Freedom of Information requests within six weeks of the final answer "
            "(section 50 of the Freedom of Information Act).",
        )
    )


def _acknowledged(w: _Work) -> None:
    """A note that the letter arrived changes nothing: the first letter's own date decides,
    as with no answer; the note's date is shown too."""
    _no_reply(w)
    w.their.append(
        DateLine(
            "acknowledged",
            "They wrote to say it arrived on",
            w.replied,
            f"The date on their note, {long_date(w.replied)}. A note that your letter arrived "
            "is not an answer: it does not change the time they have to answer.",
        )
    )


def _answered_by_kind(w: _Work) -> None:
    """What was asked for came: an FOI answer gives time for a review, a data protection
    answer three months to go to the ICO."""
    if w.kind == "foi":
        _foi_answered(w)
    else:
        _answered(w)


def _decision(w: _Work) -> None:
    """A decision about their benefit (a sanction, say): the first letter's own date still
    stands, and the claimant's own deadline is the month to ask for it to be looked at again
    (deadlines.last_day_for_mandatory_reconsideration)."""
    w.due_line()
    assert w.decision_on is not None  # where_you_stand() refuses the answers without it
    w.own_deadline(
        "mr-last-day",
        "Last day for your request to look again (mandatory reconsideration) to reach them",
        deadlines.last_day_for_mandatory_reconsideration(w.decision_on),
    )
    w.status = "decided"


def _appeal(w: _Work) -> None:
    """The reconsideration notice did not change the decision: the tribunal route, which
    sarkit explains but does not write. In Great Britain the appeal must reach the tribunal
    within one month of the notice being sent; Northern Ireland's rules were not read, so
    there the person is told to check the notice and no date is given."""
    w.due_line()
    w.answered_line("The date on the mandatory reconsideration notice")
    w.status = "appeal"
    if w.northern_ireland:
        return
    w.own_deadline(
        "appeal-last-day",
        "Last day for your appeal to reach the tribunal",
        deadlines.last_day_to_appeal_after_reconsideration(w.replied),
    )


_CLOCK_RULES = {
    "no-reply": _no_reply,
    "none": _none,
    "restart-from-reply": _restart,
    "paused": _restart,
    "extended": _extended,
    "answered": _answered,
    "foi-answered": _foi_answered,
    "review-answered": _review_answered,
    "acknowledged": _acknowledged,
    "answered-by-kind": _answered_by_kind,
    "decision": _decision,
    "appeal": _appeal,
}


def _ico_data_protection(last_contact: date) -> DateLine:
    """The last day to complain to the ICO: three months after the last contact."""
    last = deadlines.last_day_to_complain_to_ico_data_protection(last_contact)
    planned = deadlines.add_calendar_months(last_contact, 3)
    rule = (
        f"Three months after your last contact with them, their answer of "
        f"{long_date(last_contact)}: {long_date(planned)}"
    )
    rule += deadlines.moved_clause(planned, last)
    rule += (
        ". The ICO asks you to complain within three months of your last contact. Complain "
        "to them first: if they answer you again, the three months start again from then."
    )
    return DateLine("ico-last-day", "Last day to complain to the ICO", last, rule)


def _next_letter_dates(w: _Work) -> list[DateLine]:
    """For the letters to write now that have a time limit: when they must answer."""
    if not w.steps:
        return []
    letters = all_letters()
    by_kind: dict[str, list[str]] = {}
    for letter_id in w.steps[0]:
        kind = letters[letter_id].deadline
        if kind:
            by_kind.setdefault(kind, []).append(letter_id)
    lines = []
    for kind, ids in by_kind.items():
        found = deadlines.deadline_after_sending(kind, w.today, w.method)
        what = (
            "your letter"
            if len(w.steps[0]) == 1
            else ("your letters" if len(ids) > 1 else f"“{letters[ids[0]].title}”")
        )
        lines.append(
            DateLine(
                f"next-due-{kind}",
                f"If you send {what} today, they must answer by",
                found.due,
                f"If you send it today: {found.rule[0].lower()}{found.rule[1:]}",
            )
        )
    return lines


def _receipt_rule(sent: date, method: str, received: date) -> str:
    """When a letter counts as received, in one sentence (Interpretation Act 1978 s.7)."""
    how = f"Sent {_METHOD_WORDS[method]} on {long_date(sent)}"
    if received == sent:
        return f"{how}, so received the same day."
    return (
        f"{how}, so taken as received on the {_POSTAL_NTH[method]} working day after "
        f"posting, {long_date(received)}."
    )


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


# --- the explanation ------------------------------------------------------------------------------


@cache
def _environment() -> Environment:
    env = Environment(
        undefined=StrictUndefined,
        autoescape=False,
        finalize=escape_markdown,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["long_date"] = long_date
    env.filters["days"] = _days
    return env


def wording(text: str, *, northern_ireland: bool = False) -> str:
    """A reply's question, hint or title, which may name {{ dept }}, as the claimant reads it."""
    dept = department_name(northern_ireland)
    return _environment().from_string(text).render(dept=dept, ni=northern_ireland)


def sent_name(letter_id: str, *, northern_ireland: bool = False) -> str:
    """The letter sent, as the claimant would name it: "Your request to DWP for a copy..."."""
    return wording(SENT_NAMES[letter_id], northern_ireland=northern_ireland)


def explain(
    standing: Standing,
    *,
    site_name: str = "",
    provider_name: str = "",
    northern_ireland: bool = False,
) -> str:
    """The reply's plain-English explanation for this standing, as Markdown."""
    letters = all_letters()
    context = {
        "s": standing,
        "follows": standing.follows,
        "kind": standing.kind,
        "site": site_name or "the website",
        "provider": provider_name or "the provider",
        "ni": northern_ireland,
        "dept": department_name(northern_ireland),
        "titles": {i: spec.title for i, spec in letters.items()},
    }
    return _environment().from_string(standing.reply.body).render(context).strip() + "\n"


# --- the calendar -------------------------------------------------------------------------------

CALENDAR_DATES = (
    "due",
    "extended-due",
    "new-due",
    "review-last-day",
    "ico-last-day",
    "mr-last-day",
    "appeal-last-day",
)


_OWN_DEADLINE_SUMMARIES = {
    "mr-last-day": "Last day for your mandatory reconsideration request to reach them",
    "appeal-last-day": "Last day for your appeal to reach the tribunal",
}


def calendar(standing: Standing, link: str) -> bytes:
    """An .ics of the dates still to come, each with its rule and the link back to sarkit.

    It holds no personal data: the letter's title, dates, rules and the return link only.
    """
    entries = []
    # The choices in the return link (where they live, the site, the organisation, when and
    # how it went) tell two people's letters apart without anything personal: the same letter
    # gives the same events again, another person's or another day's letter gives others.
    case = hashlib.sha256(link.encode()).hexdigest()[:16]
    for line in (*standing.their_dates, *standing.your_dates):
        if line.key not in CALENDAR_DATES or line.date < standing.today:
            continue
        description = f"{line.rule}\nWhen they answer, or if they don't: {link}"
        uid = f"{standing.follows}-{case}-{line.key}"
        if line.key in ("due", "extended-due", "new-due"):
            entries += due_and_reminder(line.date, standing.letter_title, description, uid)
        elif line.key in _OWN_DEADLINE_SUMMARIES:
            # The claimant's own last day is about the decision, not the letter they sent.
            summary = f"{_OWN_DEADLINE_SUMMARIES[line.key]} ({long_date(line.date)})"
            entries.append(
                CalendarEntry(line.date, summary, description, f"{uid}-{line.date}@sarkit")
            )
        else:
            summary = f"{line.label} {long_date(line.date)}: {standing.letter_title}"
            entries.append(
                CalendarEntry(line.date, summary, description, f"{uid}-{line.date}@sarkit")
            )
    return to_ics(entries, standing.today, "replies")
