"""Calendar files (.ics) for due dates: one builder for the letters pack and the reply helper.

An event holds a letter's title, a date, the rule that gave it and the link back to sarkit:
never a name or any other personal detail.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sarkit.deadlines import next_working_day


@dataclass(frozen=True)
class CalendarEntry:
    day: date
    summary: str
    description: str
    uid: str


def due_and_reminder(day: date, title: str, description: str, uid: str) -> list[CalendarEntry]:
    """The due date, and a reminder on the next UK working day in case nothing came (never a
    weekend or a bank holiday, when nobody could be chased)."""
    return [
        CalendarEntry(day, f"Answer due: {title}", description, f"{uid}-due-{day}@sarkit"),
        CalendarEntry(
            next_working_day(day + timedelta(days=1)),
            f"No answer yet? {title}",
            description,
            f"{uid}-chase-{day}@sarkit",
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
        event.add("uid", entry.uid)
        event.add("dtstamp", datetime(stamp.year, stamp.month, stamp.day))
        event.add("dtstart", entry.day)
        event.add("dtend", entry.day + timedelta(days=1))
        event.add("summary", entry.summary)
        event.add("description", entry.description)
        cal.add_component(event)
    return bytes(cal.to_ical())  # typed as Any by icalendar
