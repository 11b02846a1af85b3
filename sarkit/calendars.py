"""Calendar files (.ics) for due dates: one builder for the letters pack and the reply helper.

An event holds a letter's title, a date, the rule that gave it and the link back to sarkit
(and, for an adviser, the case reference): never a name or any other personal detail.

Each event's UID (RFC 5545 3.8.4.7: globally unique, and the same when the same event is sent
again, so a calendar updates it rather than adding a copy) is a name-based UUID, as RFC 7986 5.3
recommends, made from the calendar's name and the entry's key. The key tells apart clients and
letters (the pack hashes the client's details into it, see packs.calendar); the calendar's name
keeps the pack's events and the reply helper's apart. Nothing in a UID can be read back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sarkit.deadlines import next_working_day

# The namespace of sarkit's event UIDs (uuid5 of the project's address): fixed for ever, since
# changing it would give every event already in someone's calendar a twin.
UID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/sarkit/sarkit/calendar-events")


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    summary: str
    description: str
    key: str  # what makes the event itself: its UID is made from this (event_uid)


def event_uid(calendar: str, key: str) -> str:
    """The event's UID: the same calendar and key always give the same UUID, and nothing else
    does; neither can be read back from it."""
    return str(uuid.uuid5(UID_NAMESPACE, f"{calendar}\n{key}"))


def with_case(summary: str, case: str) -> str:
    """An event title with the adviser's case reference first, where a busy calendar shows it."""
    return f"{case} – {summary}" if case else summary


def due_and_reminder(
    day: date, title: str, description: str, uid: str, case: str = ""
) -> list[CalendarEntry]:
    """The due date, and a reminder on the next UK working day in case nothing came (never a
    weekend or a bank holiday, when nobody could be chased). `uid` is the entry's key."""
    return [
        CalendarEntry(
            day, with_case(f"Answer due: {title}", case), description, f"{uid}-due-{day}"
        ),
        CalendarEntry(
            next_working_day(day + timedelta(days=1)),
            with_case(f"No answer yet? {title}", case),
            description,
            f"{uid}-chase-{day}",
        ),
    ]


def to_ics(entries: Iterable[CalendarEntry], stamp: date, name: str = "letters") -> bytes:
    """All-day events in one iCalendar file."""
    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", f"-//sarkit//{name}//EN")
    cal.add("version", "2.0")
    for entry in entries:
        event = Event()
        event.add("uid", event_uid(name, entry.key))
        event.add("dtstamp", datetime(stamp.year, stamp.month, stamp.day))
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("description", entry.description)
        cal.add_component(event)
    return bytes(cal.to_ical())  # typed as Any by icalendar
