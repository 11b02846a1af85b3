"""Due dates for subject access and FOI requests, each with the rule that produced it.

Every rule counts working days of the whole UK: a bank holiday in any UK nation is not a working
day. FOIA s.10(6) requires that for FOI; for SARs and post it gives the later of the possible dates,
so sarkit never calls an answer late too early (ARCHITECTURE.md, "Deadlines").
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

import holidays
from babel.dates import format_date

# dateutil is a dependency of the holidays package, so it is always present beside it.
from dateutil.easter import easter

KINDS = ("sar", "sar-extended", "foi", "foi-internal-review")
METHODS = ("first-class", "second-class", "email", "by-hand")

# holidays.UK() without a subdivision leaves out the regional days, so ask each nation in turn and
# take the union (ARCHITECTURE.md, "Deadlines").
NATIONS = {"ENG": "England", "WLS": "Wales", "SCT": "Scotland", "NIR": "Northern Ireland"}

# Practice Direction of 8 March 1985: first class is taken as delivered on the second working day
# after posting, second class on the fourth (ARCHITECTURE.md, "Deadlines"). Email and hand
# delivery: the same day.
_POSTAL_DAYS = {"first-class": 2, "second-class": 4, "email": 0, "by-hand": 0}
_METHOD_WORDS = {
    "first-class": "by first-class post",
    "second-class": "by second-class post",
    "email": "by email",
    "by-hand": "by hand",
}
_ORDINAL_WORDS = {2: "second", 4: "fourth"}


@dataclass(frozen=True)
class Deadline:
    """A due date, the day it runs from, and the rule used, in one plain sentence."""

    kind: str
    received: date
    due: date
    rule: str
    latest_extended: date | None = None


# --- Working days -------------------------------------------------------------------------------


@lru_cache(maxsize=128)
def _holidays_in(year: int) -> dict[date, dict[str, frozenset[str]]]:
    """Each UK bank holiday in the year, mapped from its name to the nations that keep it."""
    # Cached because building a holidays object is slow and every count asks day by day.
    found: dict[date, dict[str, set[str]]] = {}
    for code in NATIONS:
        for day, names in holidays.country_holidays("GB", subdiv=code, years=year).items():
            # The package joins two holidays on one date with "; " (Scotland, 2 January 2023).
            for name in names.split("; "):
                found.setdefault(day, {}).setdefault(name, set()).add(code)
    return {day: {n: frozenset(c) for n, c in names.items()} for day, names in found.items()}


def _is_christmas_or_good_friday(day: date) -> bool:
    """Whether the day is Christmas Day or Good Friday, which FOIA s.10(6) names on their own."""
    # In England and Wales these are common-law holidays, not bank holidays under the 1971 Act.
    return (day.month, day.day) == (12, 25) or day == easter(day.year) - timedelta(days=2)


def is_uk_working_day(day: date) -> bool:
    """Whether the day is a working day everywhere in the UK (FOIA s.10(6))."""
    if day.weekday() >= 5:
        return False
    return day not in _holidays_in(day.year) and not _is_christmas_or_good_friday(day)


def _join(words: list[str]) -> str:
    """Join words as "a", "a and b", "a, b and c"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _describe(name: str, nations: frozenset[str]) -> str:
    """A holiday's name as GOV.UK writes it, with the nations that keep it if not all."""
    observed = name.endswith(" (observed)")
    base = name.removesuffix(" (observed)").replace("Saint ", "St ")
    where = "" if nations == set(NATIONS) else _join([NATIONS[c] for c in NATIONS if c in nations])
    if observed and where:
        return f"{base} (substitute day in {where})"
    if observed:
        return f"{base} (substitute day)"
    return f"{base} ({where})" if where else base


def uk_holiday_name(day: date) -> str | None:
    """The name of the bank holiday on the day, with where it is kept, or None."""
    names = _holidays_in(day.year).get(day)
    if names:
        return _join([_describe(name, nations) for name, nations in names.items()])
    if _is_christmas_or_good_friday(day):
        return "Christmas Day" if day.month == 12 else "Good Friday"
    return None


def next_working_day(day: date) -> date:
    """The day itself if it is a working day, otherwise the next one."""
    while not is_uk_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, n: int) -> date:
    """The nth working day after start; start itself never counts."""
    if n < 0:
        raise ValueError("The number of working days cannot be negative.")
    day = start
    for _ in range(n):
        day = next_working_day(day + timedelta(days=1))
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days fall after start, up to and including end."""
    days = (start + timedelta(days=n) for n in range(1, (end - start).days + 1))
    return sum(1 for day in days if is_uk_working_day(day))


def received_on(sent: date, method: str) -> date:
    """The day a letter sent this way is taken as received."""
    # Interpretation Act 1978 s.7: service by post is deemed at the time the letter would be
    # delivered in the ordinary course of post; the 1985 Practice Direction says when that is.
    if method not in _POSTAL_DAYS:
        raise ValueError(
            f"'{method}' is not a way of sending sarkit knows. Use one of: {', '.join(METHODS)}."
        )
    return add_working_days(sent, _POSTAL_DAYS[method])


# --- Wording ------------------------------------------------------------------------------------


# The letters and their dates are in English for now. Dates go through Babel, never strftime,
# whose month and day names follow the server's locale; Welsh letters would pass "cy".
LETTER_LOCALE = "en_GB"


def long_date(day: date | None, locale: str = LETTER_LOCALE) -> str:
    """A date as GOV.UK writes it: 25 November 2024 (empty for no date)."""
    return format_date(day, "d MMMM y", locale=locale) if day else ""


def day_name(day: date, locale: str = LETTER_LOCALE) -> str:
    """The day of the week: Saturday."""
    return format_date(day, "EEEE", locale=locale)


def month_name(day: date, locale: str = LETTER_LOCALE) -> str:
    """The month and year: February 2027."""
    return format_date(day, "MMMM y", locale=locale)


def _ordinal(n: int) -> str:
    """29th, 30th, 31st: the only day numbers a month can be missing."""
    suffix = "st" if n % 10 == 1 and n != 11 else "th"
    return f"{n}{suffix}"


def _not_working_because(day: date) -> str:
    """What a day that is not a working day is: "Christmas Day", "a Saturday"."""
    return uk_holiday_name(day) or f"a {day_name(day)}"


def _why_not_working(day: date) -> str:
    """Why one day is not a working day, as a clause: "25 December 2024 is Christmas Day"."""
    return f"{long_date(day)} is {_not_working_because(day)}"


def moved_clause(planned: date, due: date) -> str:
    """The clause saying why a date moved to the next working day, or nothing if it did not."""
    if planned == due:
        return ""
    skipped = [planned + timedelta(days=n) for n in range((due - planned).days)]
    reasons = _join([_why_not_working(day) for day in skipped])
    return f", moved to the next working day, {long_date(due)}, because {reasons}"


def _holidays_skipped(start: date, end: date) -> str:
    """The weekday holidays after start up to end, as a clause, or nothing if there are none."""
    days = (start + timedelta(days=n) for n in range(1, (end - start).days + 1))
    names = ((day, uk_holiday_name(day)) for day in days if day.weekday() < 5)
    named = [f"{name} on {long_date(day)}" for day, name in names if name]
    return f"; this skips {_join(named)}" if named else ""


# --- Calendar months (SARs and ICO complaints) --------------------------------------------------


def _add_months(start: date, months: int) -> tuple[date, bool]:
    """The corresponding date some months on, or that month's last day; and whether it was cut."""
    years, month_index = divmod(start.month - 1 + months, 12)
    year, month = start.year + years, month_index + 1
    last = monthrange(year, month)[1]
    return date(year, month, min(start.day, last)), start.day > last


def _months_rule(received: date, months: int) -> tuple[date, str]:
    """The due date some calendar months from receipt, and the sentence saying how."""
    # ICO right of access guidance: day one is the day of receipt, even a non-working day; the
    # deadline is the corresponding date; no such date means the month's last day; a weekend or
    # bank holiday moves it to the next working day (ARCHITECTURE.md, "Deadlines").
    planned, cut = _add_months(received, months)
    due = next_working_day(planned)
    span = "One calendar month" if months == 1 else "Three calendar months"
    if cut:
        month = month_name(planned)
        where = f"{month} has no {_ordinal(received.day)}, so the last day of that month"
    else:
        where = "the same date next month" if months == 1 else "the same date three months later"
    rule = f"{span} from receipt ({long_date(received)}): {where}, {long_date(planned)}"
    return due, rule + moved_clause(planned, due) + "."


# --- Deadlines ----------------------------------------------------------------------------------


def deadline_for_sar(received: date) -> Deadline:
    """When a subject access request must be answered: one calendar month from receipt."""
    due, rule = _months_rule(received, 1)
    # The controller may extend by two further months, telling the person within the first month.
    extended = deadline_for_sar_extended(received).due
    return Deadline("sar", received, due, rule, latest_extended=extended)


def deadline_for_sar_extended(received: date) -> Deadline:
    """The latest a SAR may be answered if extended: three calendar months from receipt."""
    # ICO right of access guidance: up to two further months if complex or numerous.
    due, rule = _months_rule(received, 3)
    return Deadline("sar-extended", received, due, rule)


def deadline_for_foi(received: date) -> Deadline:
    """When an FOI request must be answered: the twentieth working day following receipt."""
    # FOIA s.10(1); s.10(6) and ICO LTT47: the day of receipt need not be a working day, and a
    # bank holiday in any part of the UK is a non-working day everywhere.
    due = add_working_days(received, 20)
    rule = (
        f"The twentieth working day following receipt ({long_date(received)}) is {long_date(due)}, "
        "not counting weekends, Christmas Day, Good Friday or a bank holiday in any part of the UK"
        f"{_holidays_skipped(received, due)}."
    )
    return Deadline("foi", received, due, rule)


def deadline_for_foi_internal_review(received: date) -> Deadline:
    """When an FOI internal review should be done: 20 working days from the request for it."""
    # Not in the Act: the s.45 Code of Practice and the ICO expect 20 working days, 40 at most in
    # exceptional cases (ARCHITECTURE.md, "Deadlines").
    due = add_working_days(received, 20)
    longest = add_working_days(received, 40)
    rule = (
        f"Twenty working days following receipt of the request for a review "
        f"({long_date(received)}) is {long_date(due)}, as the FOI Code of Practice and the ICO "
        f"expect, not counting weekends or a bank holiday in any part of the UK"
        f"{_holidays_skipped(received, due)}; in "
        f"exceptional cases they may take up to 40 working days, to {long_date(longest)}."
    )
    return Deadline("foi-internal-review", received, due, rule)


_BUILDERS = {
    "sar": deadline_for_sar,
    "sar-extended": deadline_for_sar_extended,
    "foi": deadline_for_foi,
    "foi-internal-review": deadline_for_foi_internal_review,
}


def deadline(kind: str, received: date) -> Deadline:
    """The deadline of the given kind for a request received on the day."""
    if kind not in _BUILDERS:
        raise ValueError(
            f"'{kind}' is not a kind of deadline sarkit knows. Use one of: {', '.join(KINDS)}."
        )
    return _BUILDERS[kind](received)


def deadline_after_sending(kind: str, sent: date, method: str) -> Deadline:
    """The deadline for a request sent on a day in a given way, saying how receipt was found."""
    received = received_on(sent, method)
    found = deadline(kind, received)
    how = f"Sent {_METHOD_WORDS[method]} on {long_date(sent)}"
    if received == sent:
        how += ", so received the same day"
    else:
        nth = _ORDINAL_WORDS[_POSTAL_DAYS[method]]
        how += (
            f", so taken as received on the {nth} working day after posting, {long_date(received)}"
        )
    rule = f"{how}; {found.rule[0].lower()}{found.rule[1:]}"
    return Deadline(found.kind, received, found.due, rule, found.latest_extended)


# --- The claimant's own deadlines ---------------------------------------------------------------

MR = "mandatory-reconsideration"


def _one_month_never_moved(start: date) -> tuple[date, str, str]:
    """A claimant's one-month limit: the same date next month, or the last day of a shorter
    month, never moved to a working day (Principle 8); with the words that say so."""
    planned, cut = _add_months(start, 1)
    if cut:
        where = f"{month_name(planned)} has no {_ordinal(start.day)}, so its last day"
    else:
        where = "the same date next month"
    weekday = (
        ""
        if is_uk_working_day(planned)
        else f" It is not moved, even though it is {_not_working_because(planned)}: it is your "
        "own deadline."
    )
    return planned, where, weekday


def last_day_for_mandatory_reconsideration(decision: date) -> Deadline:
    """The last day a request to look at a benefit decision again can reach DWP (DfC in
    Northern Ireland): "within one month of the date of notification" (SI 2013/381 reg
    5(1)(b)(i); SR 2016/221 reg 5(1)(b)(i) in NI). The same date next month, or the last day of
    a shorter month. It is the claimant's deadline, so it is never moved later to a working day
    (decided 31 January 2026: by Saturday 28 February 2026)."""
    planned, where, weekday = _one_month_never_moved(decision)
    rule = (
        f"One month from the date of the decision notice ({long_date(decision)}): {where}, "
        f"{long_date(planned)}. The request must reach them by then (regulation 5 of the "
        "Universal Credit, Personal Independence Payment, Jobseeker's Allowance and Employment "
        "and Support Allowance (Decisions and Appeals) Regulations 2013, and the same regulation "
        f"in Northern Ireland's 2016 Regulations).{weekday} If you asked for written reasons "
        "within that month, you have 14 days more. A later request, up to 12 months after that, "
        "may be accepted if special circumstances made it impracticable to ask in time "
        "(regulation 6): it is not guaranteed."
    )
    return Deadline(MR, decision, planned, rule)


APPEAL = "appeal"


def last_day_to_appeal_after_reconsideration(notice: date) -> Deadline:
    """The last day an appeal against a benefit decision can reach the First-tier Tribunal
    (Great Britain), counted from the date on the mandatory reconsideration notice: "within 1
    month after the date on which the appellant was sent notice of the result of mandatory
    reconsideration" (Tribunal Procedure (First-tier Tribunal) (Social Entitlement Chamber)
    Rules 2008, rule 22(2)(d)(i), read on legislation.gov.uk). The notice is sent on or after
    its date, so counting from its date gives the earlier day (Principle 8); like the
    reconsideration month it is the claimant's deadline and is never moved to a working day.
    Northern Ireland's Appeals Service has its own rules: sarkit gives no date there."""
    planned, where, weekday = _one_month_never_moved(notice)
    rule = (
        f"One month from the date on your mandatory reconsideration notice "
        f"({long_date(notice)}): {where}, {long_date(planned)}. Your appeal must reach the "
        "tribunal by then (rule 22(2)(d)(i) of the Tribunal Procedure (First-tier Tribunal) "
        "(Social Entitlement Chamber) Rules 2008: one month after the date the notice was sent "
        "to you). We count from the date on the notice, the earliest it can have been sent."
        f"{weekday} Check the time limit on your notice too."
    )
    return Deadline(APPEAL, notice, planned, rule)


# --- Later steps ---------------------------------------------------------------------------------


def last_day_to_ask_for_internal_review(answer_on: date) -> date:
    """The last day to ask for an FOI internal review: 40 working days after the answer."""
    # s.45 Code of Practice: an authority may refuse a review asked for later than this.
    return add_working_days(answer_on, 40)


def last_day_to_complain_to_ico_foi(final_response_on: date) -> date:
    """The last day to complain to the ICO about an FOI answer: six weeks after it."""
    # ICO: complain within six weeks of the final response (ARCHITECTURE.md, "Deadlines").
    return final_response_on + timedelta(weeks=6)


def add_calendar_months(start: date, months: int) -> date:
    """The corresponding date some months on, or that month's last day if it has none."""
    return _add_months(start, months)[0]


def last_day_to_complain_to_ico_data_protection(last_contact_on: date) -> date:
    """The last day to complain to the ICO about data protection: three months after contact."""
    # ICO, "Data protection complaints": within three months of the last contact. The law does not
    # move this off a weekend, but moving it to the next working day is the generous reading.
    planned, _ = _add_months(last_contact_on, 3)
    return next_working_day(planned)


def complaint_acknowledged_by(received: date) -> date:
    """The last day to acknowledge a data protection complaint: DPA 2018 s.164A(3), "within the
    period of 30 days beginning when the complaint is received", so the day of receipt is day 1
    (received 14 December 2026: by 12 January 2027). Calendar days: the Act does not move it."""
    return received + timedelta(days=29)


def final_date_after(received: date, days: int) -> date:
    """A short final date a letter sets: `days` after they receive it, on a UK working day, so
    the time given is time they really have (a reminder received 14 December 2026, 14 days:
    Monday 28 December is a bank holiday, so Tuesday 29 December)."""
    return next_working_day(received + timedelta(days=days))


def days_overdue(due: date, today: date) -> int:
    """How many calendar days after the due date today is; 0 if it is not yet overdue."""
    return max(0, (today - due).days)
