"""Deadlines: every expected date below was worked out by hand from a printed calendar.

Bank holidays used (read from the holidays package 0.109 for each nation, ENG, WLS, SCT, NIR):
2024: Christmas Wed 25 Dec, Boxing Day Thu 26 Dec; St Andrew's Day Sat 30 Nov, substitute Mon 2 Dec.
2025: St Andrew's Day Sun 30 Nov, substitute Mon 1 Dec (Scotland); Christmas Thu 25, Boxing Fri 26.
2026: New Year Thu 1 Jan; 2 January Fri (Scotland); St Patrick's Tue 17 Mar (NI); Good Friday 3 Apr;
      Easter Monday 6 Apr (not Scotland); early May Mon 4 May; spring Mon 25 May; Scotland's one-off
      Mon 15 Jun; 12 July is a Sunday, substitute Mon 13 Jul (NI); summer Mon 3 Aug (Scotland);
      late summer Mon 31 Aug (not Scotland); St Andrew's Mon 30 Nov (Scotland);
      Christmas Fri 25 Dec; Boxing Day Sat 26 Dec, substitute Mon 28 Dec.
2027: New Year Fri 1 Jan; 2 January Sat, substitute Mon 4 Jan (Scotland); St Patrick's Wed 17 Mar;
      Good Friday 26 Mar; Easter Monday 29 Mar; Battle of the Boyne Mon 12 Jul (NI); Christmas and
      Boxing Day Sat 25 and Sun 26 Dec, substitutes Mon 27 and Tue 28 Dec.
"""

from dataclasses import FrozenInstanceError
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sarkit.deadlines import (
    KINDS,
    METHODS,
    Deadline,
    add_working_days,
    days_overdue,
    deadline,
    deadline_after_sending,
    deadline_for_foi,
    deadline_for_foi_internal_review,
    deadline_for_sar,
    deadline_for_sar_extended,
    is_uk_working_day,
    last_day_for_mandatory_reconsideration,
    last_day_to_appeal_after_reconsideration,
    last_day_to_ask_for_internal_review,
    last_day_to_complain_to_ico_data_protection,
    last_day_to_complain_to_ico_foi,
    long_date,
    next_working_day,
    received_on,
    uk_holiday_name,
    working_days_between,
)

# --- Working days --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    [
        # England, Wales and Northern Ireland, not Scotland.
        pytest.param(date(2026, 4, 6), id="easter-monday-eng-wls-nir"),
        pytest.param(date(2026, 8, 31), id="late-summer-eng-wls-nir"),
        # Northern Ireland only.
        pytest.param(date(2026, 3, 17), id="st-patricks-day-nir"),
        pytest.param(date(2027, 7, 12), id="battle-of-the-boyne-nir"),
        pytest.param(date(2026, 7, 13), id="battle-of-the-boyne-substitute-nir"),
        # Scotland only.
        pytest.param(date(2026, 1, 2), id="2-january-sct"),
        pytest.param(date(2027, 1, 4), id="2-january-substitute-sct"),
        pytest.param(date(2026, 8, 3), id="summer-first-monday-august-sct"),
        pytest.param(date(2026, 11, 30), id="st-andrews-day-sct"),
        pytest.param(date(2025, 12, 1), id="st-andrews-day-substitute-sct"),
        pytest.param(date(2026, 6, 15), id="one-off-15-june-2026-sct"),
        # Everywhere.
        pytest.param(date(2026, 1, 1), id="new-years-day"),
        pytest.param(date(2026, 4, 3), id="good-friday"),
        pytest.param(date(2026, 5, 4), id="early-may"),
        pytest.param(date(2026, 5, 25), id="spring"),
        pytest.param(date(2026, 12, 25), id="christmas-day"),
        pytest.param(date(2026, 12, 28), id="boxing-day-substitute"),
        pytest.param(date(2027, 12, 27), id="christmas-day-substitute"),
        pytest.param(date(2023, 5, 8), id="one-off-coronation-2023"),
        pytest.param(date(2022, 9, 19), id="one-off-state-funeral-2022"),
        # Weekends.
        pytest.param(date(2026, 11, 7), id="saturday"),
        pytest.param(date(2026, 11, 8), id="sunday"),
    ],
)
def test_a_bank_holiday_in_any_uk_nation_or_a_weekend_is_not_a_working_day(day):
    assert not is_uk_working_day(day)


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2024, 3, 29), id="2024"),
        pytest.param(date(2025, 4, 18), id="2025"),
        pytest.param(date(2026, 4, 3), id="2026"),
        pytest.param(date(2027, 3, 26), id="2027"),
        pytest.param(date(2028, 4, 14), id="2028"),
    ],
)
def test_good_friday_is_not_a_working_day(day):
    # Easter Sunday: 31 Mar 2024, 20 Apr 2025, 5 Apr 2026, 28 Mar 2027, 16 Apr 2028.
    assert not is_uk_working_day(day)
    assert uk_holiday_name(day) == "Good Friday"


@pytest.mark.parametrize(
    "day",
    [
        pytest.param(date(2026, 4, 7), id="tuesday-after-easter-monday"),
        pytest.param(date(2026, 11, 9), id="ordinary-monday"),
        pytest.param(date(2026, 12, 24), id="christmas-eve"),
        pytest.param(date(2026, 12, 31), id="new-years-eve"),
        pytest.param(date(2026, 8, 10), id="second-monday-in-august"),
        pytest.param(date(2026, 12, 1), id="day-after-st-andrews-day"),
        pytest.param(date(2023, 1, 4), id="after-scotlands-new-year-substitutes"),
    ],
)
def test_an_ordinary_weekday_is_a_working_day(day):
    assert is_uk_working_day(day)


def test_scotlands_second_new_year_substitute_day_is_not_a_working_day():
    # 1 Jan 2023 was a Sunday: Mon 2 Jan is the New Year substitute everywhere, and Scotland's
    # 2 January holiday moves to Tue 3 Jan.
    assert not is_uk_working_day(date(2023, 1, 3))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        pytest.param(date(2026, 3, 17), "St Patrick's Day (Northern Ireland)", id="nir"),
        pytest.param(
            date(2026, 4, 6), "Easter Monday (England, Wales and Northern Ireland)", id="not-sct"
        ),
        pytest.param(date(2026, 11, 30), "St Andrew's Day (Scotland)", id="sct"),
        pytest.param(
            date(2025, 12, 1), "St Andrew's Day (substitute day in Scotland)", id="sct-substitute"
        ),
        pytest.param(
            date(2026, 7, 13),
            "Battle of the Boyne (substitute day in Northern Ireland)",
            id="nir-substitute",
        ),
        pytest.param(date(2026, 12, 25), "Christmas Day", id="everywhere"),
        pytest.param(date(2026, 12, 28), "Boxing Day (substitute day)", id="everywhere-substitute"),
        pytest.param(
            date(2023, 1, 2),
            "New Year's Day (substitute day) and New Year Holiday (Scotland)",
            id="two-holidays-on-one-day",
        ),
        pytest.param(date(2026, 11, 9), None, id="working-day"),
        pytest.param(date(2026, 11, 7), None, id="saturday-is-no-holiday"),
    ],
)
def test_uk_holiday_name_says_where_the_holiday_is_kept(day, name):
    assert uk_holiday_name(day) == name


def test_scotlands_one_off_holiday_on_15_june_2026_has_a_name_saying_scotland():
    name = uk_holiday_name(date(2026, 6, 15))
    assert name is not None
    assert name.endswith("(Scotland)")


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        # Fri 25 Dec 2026 Christmas, Sat 26, Sun 27, Mon 28 Boxing Day substitute: Tue 29.
        pytest.param(date(2026, 12, 25), date(2026, 12, 29), id="over-christmas"),
        pytest.param(date(2026, 12, 29), date(2026, 12, 29), id="already-a-working-day"),
        # Sat 7 Nov 2026, Sun 8: Mon 9.
        pytest.param(date(2026, 11, 7), date(2026, 11, 9), id="over-a-weekend"),
    ],
)
def test_next_working_day(day, expected):
    assert next_working_day(day) == expected


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Thu 24 Dec 2026: Fri 25, Sat, Sun, Mon 28 are not working days; Tue 29 is the first.
        pytest.param(date(2026, 12, 24), 1, date(2026, 12, 29), id="one-over-christmas"),
        # Start never counts, even when it is a working day.
        pytest.param(date(2026, 11, 9), 1, date(2026, 11, 10), id="one-from-a-monday"),
        pytest.param(date(2026, 11, 9), 0, date(2026, 11, 9), id="none"),
        # Fri 6 Nov 2026: Mon 9, Tue 10, Wed 11, Thu 12, Fri 13 = 5 working days.
        pytest.param(date(2026, 11, 6), 5, date(2026, 11, 13), id="a-week"),
    ],
)
def test_add_working_days_counts_after_the_start(start, n, expected):
    assert add_working_days(start, n) == expected


def test_add_working_days_refuses_a_negative_count():
    with pytest.raises(ValueError, match="negative"):
        add_working_days(date(2026, 11, 9), -1)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        # Sat 12 Dec 2026 to Thu 14 Jan 2027: see the FOI Christmas case below.
        pytest.param(date(2026, 12, 12), date(2027, 1, 14), 20, id="over-christmas"),
        # Thu 24 Dec 2026 to Tue 29 Dec 2026: only Tue 29.
        pytest.param(date(2026, 12, 24), date(2026, 12, 29), 1, id="christmas-week"),
        pytest.param(date(2026, 11, 9), date(2026, 11, 9), 0, id="same-day"),
        pytest.param(date(2026, 11, 9), date(2026, 11, 2), 0, id="end-before-start"),
    ],
)
def test_working_days_between_counts_after_start_up_to_end(start, end, expected):
    assert working_days_between(start, end) == expected


# --- Receipt -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sent", "method", "expected"),
    [
        # Across a weekend: posted Fri 6 Nov 2026.
        # First class: Mon 9 (1), Tue 10 (2).
        pytest.param(date(2026, 11, 6), "first-class", date(2026, 11, 10), id="first-weekend"),
        # Second class: Mon 9 (1), Tue 10 (2), Wed 11 (3), Thu 12 (4).
        pytest.param(date(2026, 11, 6), "second-class", date(2026, 11, 12), id="second-weekend"),
        # Posted on Sun 8 Nov 2026: Mon 9 (1), Tue 10 (2).
        pytest.param(date(2026, 11, 8), "first-class", date(2026, 11, 10), id="first-sunday"),
        # Email and hand delivery arrive the day they are sent, weekend or not.
        pytest.param(date(2026, 11, 7), "email", date(2026, 11, 7), id="email-saturday"),
        pytest.param(date(2026, 11, 7), "by-hand", date(2026, 11, 7), id="by-hand-saturday"),
        # Across Christmas: posted Thu 24 Dec 2026. Fri 25 Christmas, Sat 26, Sun 27, Mon 28
        # Boxing Day substitute. First class: Tue 29 (1), Wed 30 (2).
        pytest.param(date(2026, 12, 24), "first-class", date(2026, 12, 30), id="first-christmas"),
        # Second class: Tue 29 (1), Wed 30 (2), Thu 31 (3); Fri 1 Jan, Sat, Sun, Mon 4 Jan
        # (Scotland's 2 January substitute) are not working days; Tue 5 Jan 2027 (4).
        pytest.param(date(2026, 12, 24), "second-class", date(2027, 1, 5), id="second-christmas"),
        pytest.param(date(2026, 12, 25), "email", date(2026, 12, 25), id="email-christmas-day"),
        pytest.param(date(2026, 12, 24), "by-hand", date(2026, 12, 24), id="by-hand-christmas"),
        # Across a month end: posted Thu 30 Apr 2026. Mon 4 May is the early May bank holiday.
        # First class: Fri 1 May (1), Tue 5 May (2).
        pytest.param(date(2026, 4, 30), "first-class", date(2026, 5, 5), id="first-month-end"),
        # Second class: Fri 1 (1), Tue 5 (2), Wed 6 (3), Thu 7 May (4).
        pytest.param(date(2026, 4, 30), "second-class", date(2026, 5, 7), id="second-month-end"),
        # Posted Fri 31 Jul 2026; Mon 3 Aug is Scotland's summer holiday: Tue 4 (1), Wed 5 (2).
        pytest.param(date(2026, 7, 31), "first-class", date(2026, 8, 5), id="first-july-end"),
        # Posted Fri 28 Aug 2026; Mon 31 Aug is England's late summer holiday:
        # Tue 1 Sep (1), Wed 2 (2), Thu 3 (3), Fri 4 (4).
        pytest.param(date(2026, 8, 28), "second-class", date(2026, 9, 4), id="second-august-end"),
    ],
)
def test_received_on_follows_the_practice_direction(sent, method, expected):
    assert received_on(sent, method) == expected


def test_received_on_refuses_an_unknown_method_in_a_plain_sentence():
    with pytest.raises(ValueError, match="first-class, second-class, email, by-hand") as error:
        received_on(date(2026, 11, 6), "pigeon")
    assert "pigeon" in str(error.value)


def test_methods_are_the_four_ways_of_sending():
    assert METHODS == ("first-class", "second-class", "email", "by-hand")


# --- Subject access requests ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # ICO example: Mon 25 Nov 2024 -> Wed 25 Dec (Christmas), Thu 26 (Boxing Day): Fri 27 Dec.
        pytest.param(date(2024, 11, 25), date(2024, 12, 27), id="ico-example-christmas"),
        # ICO example, non-leap 2027: no 31 Feb, so Sun 28 Feb; moved to Mon 1 Mar.
        pytest.param(date(2027, 1, 31), date(2027, 3, 1), id="31-jan-non-leap-weekend"),
        # Non-leap 2025: no 31 Feb, so Fri 28 Feb, a working day.
        pytest.param(date(2025, 1, 31), date(2025, 2, 28), id="31-jan-non-leap"),
        # Leap 2028: no 31 Feb, so Tue 29 Feb, a working day.
        pytest.param(date(2028, 1, 31), date(2028, 2, 29), id="31-jan-leap"),
        # Tue 3 Sep 2024 -> Thu 3 Oct 2024.
        pytest.param(date(2024, 9, 3), date(2024, 10, 3), id="3-sep-to-3-oct"),
        # No 31 April: Fri 30 Apr 2027.
        pytest.param(date(2027, 3, 31), date(2027, 4, 30), id="31-mar-to-30-apr"),
        # No 31 September: Wed 30 Sep 2026. Receipt on a bank holiday (31 Aug) is still day one.
        pytest.param(date(2026, 8, 31), date(2026, 9, 30), id="31-aug-to-30-sep"),
        # Received on a Sunday (1 Nov 2026) still counts: Tue 1 Dec 2026.
        pytest.param(date(2026, 11, 1), date(2026, 12, 1), id="received-on-a-sunday"),
        # Mon 6 Apr 2026 is Easter Monday in England, Wales and NI but not Scotland: Tue 7 Apr.
        pytest.param(date(2026, 3, 6), date(2026, 4, 7), id="easter-monday-not-scotland"),
        # Fri 26 Mar 2027 Good Friday, Sat, Sun, Mon 29 Easter Monday: Tue 30 Mar.
        pytest.param(date(2027, 2, 26), date(2027, 3, 30), id="good-friday-and-easter-monday"),
        # Tue 17 Mar 2026 St Patrick's Day (NI only): Wed 18 Mar.
        pytest.param(date(2026, 2, 17), date(2026, 3, 18), id="st-patricks-day-nir"),
        # Mon 12 Jul 2027 Battle of the Boyne (NI only): Tue 13 Jul. Received on Sat 12 Jun.
        pytest.param(date(2027, 6, 12), date(2027, 7, 13), id="12-july-nir"),
        # Sun 12 Jul 2026, Mon 13 Jul its substitute (NI): Tue 14 Jul.
        pytest.param(date(2026, 6, 12), date(2026, 7, 14), id="12-july-substitute-nir"),
        # Fri 2 Jan 2026 (Scotland only), Sat 3, Sun 4: Mon 5 Jan.
        pytest.param(date(2025, 12, 2), date(2026, 1, 5), id="2-january-sct"),
        # Fri 1 Jan 2027 everywhere, Sat 2 (Scotland), Sun 3, Mon 4 Scotland's substitute: Tue 5.
        pytest.param(date(2026, 12, 1), date(2027, 1, 5), id="new-year-and-sct-substitute"),
        # Mon 30 Nov 2026 St Andrew's Day (Scotland): Tue 1 Dec.
        pytest.param(date(2026, 10, 30), date(2026, 12, 1), id="st-andrews-day-sct"),
        # Sun 30 Nov 2025, so Mon 1 Dec 2025 is the substitute (Scotland); received Sat 1 Nov:
        # Mon 1 Dec moved to Tue 2 Dec.
        pytest.param(date(2025, 11, 1), date(2025, 12, 2), id="st-andrews-substitute-sct"),
        # Sat 30 Nov 2024, so Mon 2 Dec 2024 is the substitute; received Sat 2 Nov: Tue 3 Dec.
        pytest.param(date(2024, 11, 2), date(2024, 12, 3), id="st-andrews-substitute-2024"),
        # Mon 3 Aug 2026 first Monday in August (Scotland's summer holiday): Tue 4 Aug.
        pytest.param(date(2026, 7, 3), date(2026, 8, 4), id="first-monday-august-sct"),
        # Mon 31 Aug 2026 last Monday in August (England, Wales, NI): Tue 1 Sep.
        pytest.param(date(2026, 7, 31), date(2026, 9, 1), id="last-monday-august-eng"),
        # Mon 15 Jun 2026, Scotland's one-off proclaimed holiday: Tue 16 Jun.
        pytest.param(date(2026, 5, 15), date(2026, 6, 16), id="one-off-15-june-2026-sct"),
        # Fri 25 Dec 2026 Christmas, Sat 26, Sun 27, Mon 28 Boxing Day substitute: Tue 29 Dec.
        pytest.param(date(2026, 11, 25), date(2026, 12, 29), id="boxing-day-substitute"),
        # Sat 25 Dec 2027, Sun 26, Mon 27 and Tue 28 the two substitutes: Wed 29 Dec.
        pytest.param(date(2027, 11, 25), date(2027, 12, 29), id="both-christmas-substitutes"),
        # Sun 26 Dec 2027 then the same substitutes: Wed 29 Dec.
        pytest.param(date(2027, 11, 26), date(2027, 12, 29), id="boxing-day-on-a-sunday"),
    ],
)
def test_sar_deadline_is_one_calendar_month_then_the_next_uk_working_day(received, due):
    found = deadline_for_sar(received)
    assert (found.kind, found.received, found.due) == ("sar", received, due)


def test_sar_rule_for_the_ico_example_names_the_holidays_it_skipped():
    rule = deadline_for_sar(date(2024, 11, 25)).rule
    assert rule.startswith("One calendar month from receipt (25 November 2024)")
    assert "25 December 2024 is Christmas Day" in rule
    assert "26 December 2024 is Boxing Day" in rule
    assert "27 December 2024" in rule
    assert rule.endswith(".")


def test_sar_rule_explains_a_missing_day_and_a_weekend():
    rule = deadline_for_sar(date(2027, 1, 31)).rule
    assert "February 2027 has no 31st, so the last day of that month, 28 February 2027" in rule
    assert "28 February 2027 is a Sunday" in rule


def test_sar_rule_names_a_holiday_kept_in_one_nation_only():
    rule = deadline_for_sar(date(2026, 2, 17)).rule
    assert "17 March 2026 is St Patrick's Day (Northern Ireland)" in rule


def test_sar_rule_without_a_move_says_nothing_about_moving():
    rule = deadline_for_sar(date(2024, 9, 3)).rule
    assert rule == (
        "One calendar month from receipt (3 September 2024): the same date next month, "
        "3 October 2024."
    )


@pytest.mark.parametrize(
    ("received", "latest"),
    [
        # Mon 25 Nov 2024 + 3 months: Tue 25 Feb 2025.
        pytest.param(date(2024, 11, 25), date(2025, 2, 25), id="ico-example"),
        # 31 Jan 2027 + 3 months: no 31 April, Fri 30 Apr 2027 (ARCHITECTURE.md).
        pytest.param(date(2027, 1, 31), date(2027, 4, 30), id="31-jan-2027"),
    ],
)
def test_sar_deadline_also_gives_the_latest_date_if_extended(received, latest):
    assert deadline_for_sar(received).latest_extended == latest


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # ARCHITECTURE.md: Sun 31 Jan 2027 -> no 31 April -> Fri 30 Apr 2027.
        pytest.param(date(2027, 1, 31), date(2027, 4, 30), id="design-example"),
        # Mon 30 Nov 2026 -> no 30 Feb 2027 -> Sun 28 Feb -> Mon 1 Mar 2027.
        pytest.param(date(2026, 11, 30), date(2027, 3, 1), id="30-nov-non-leap-weekend"),
        # Tue 30 Nov 2027 -> no 30 Feb 2028 -> Tue 29 Feb 2028 (leap), a working day.
        pytest.param(date(2027, 11, 30), date(2028, 2, 29), id="30-nov-leap"),
        # Sat 30 Nov 2024 -> no 30 Feb 2025 -> Fri 28 Feb 2025.
        pytest.param(date(2024, 11, 30), date(2025, 2, 28), id="30-nov-non-leap"),
        # Sat 26 Dec 2026 -> Fri 26 Mar 2027, Good Friday; Sat, Sun, Mon 29 Easter Monday: Tue 30.
        pytest.param(date(2026, 12, 26), date(2027, 3, 30), id="lands-on-good-friday"),
    ],
)
def test_sar_extended_deadline_is_three_calendar_months(received, due):
    found = deadline_for_sar_extended(received)
    assert (found.kind, found.received, found.due) == ("sar-extended", received, due)
    assert found.latest_extended is None
    assert found.rule.startswith("Three calendar months from receipt")


# --- Freedom of Information ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Sat 12 Dec 2026: Mon 14 - Fri 18 (5), Mon 21 - Thu 24 (9), [Fri 25 Christmas, Mon 28
        # Boxing Day substitute], Tue 29 - Thu 31 (12), [Fri 1 Jan, Mon 4 Jan Scotland's
        # substitute], Tue 5 - Fri 8 (16), Mon 11 - Thu 14 Jan 2027 (20).
        pytest.param(date(2026, 12, 12), date(2027, 1, 14), id="christmas-2026-from-saturday"),
        # Mon 14 Dec 2026: Tue 15 - Fri 18 (4), Mon 21 - Thu 24 (8), Tue 29 - Thu 31 (11),
        # Tue 5 - Fri 8 Jan (15), Mon 11 - Fri 15 Jan 2027 (20).
        pytest.param(date(2026, 12, 14), date(2027, 1, 15), id="christmas-2026"),
        # Mon 8 Dec 2025: Tue 9 - Fri 12 (4), Mon 15 - Fri 19 (9), Mon 22 - Wed 24 (12),
        # [Thu 25, Fri 26], Mon 29 - Wed 31 (15), [Thu 1 Jan, Fri 2 Jan Scotland], Mon 5 - Fri 9
        # Jan 2026 (20). Without Scotland's 2 January it would be Thu 8 Jan.
        pytest.param(date(2025, 12, 8), date(2026, 1, 9), id="christmas-2025-2-january-sct"),
        # Wed 25 Mar 2026: Thu 26, Fri 27 (2), Mon 30 - Thu 2 Apr (6), [Fri 3 Good Friday, Mon 6
        # Easter Monday], Tue 7 - Fri 10 (10), 13-17 (15), Mon 20 - Fri 24 Apr 2026 (20).
        pytest.param(date(2026, 3, 25), date(2026, 4, 24), id="easter-2026"),
        # Mon 2 Mar 2026: Tue 3 - Fri 6 (4), 9-13 (9), Mon 16 (10), [Tue 17 St Patrick's],
        # Wed 18 - Fri 20 (13), 23-27 (18), Mon 30 (19), Tue 31 Mar 2026 (20).
        pytest.param(date(2026, 3, 2), date(2026, 3, 31), id="st-patricks-day-nir"),
        # Thu 1 Jul 2027: Fri 2 (1), Mon 5 - Fri 9 (6), [Mon 12 Jul], Tue 13 - Fri 16 (10),
        # 19-23 (15), Mon 26 - Fri 30 Jul 2027 (20).
        pytest.param(date(2027, 7, 1), date(2027, 7, 30), id="12-july-nir"),
        # Wed 1 Jul 2026: Thu 2, Fri 3 (2), Mon 6 - Fri 10 (7), [Mon 13 Jul substitute],
        # Tue 14 - Fri 17 (11), 20-24 (16), Mon 27 - Thu 30 Jul 2026 (20).
        pytest.param(date(2026, 7, 1), date(2026, 7, 30), id="12-july-substitute-nir"),
        # Mon 27 Jul 2026: Tue 28 - Fri 31 (4), [Mon 3 Aug Scotland], Tue 4 - Fri 7 (8),
        # 10-14 (13), 17-21 (18), Mon 24 (19), Tue 25 Aug 2026 (20).
        pytest.param(date(2026, 7, 27), date(2026, 8, 25), id="summer-first-monday-sct"),
        # Mon 1 Jun 2026: Tue 2 - Fri 5 (4), Mon 8 - Fri 12 (9), [Mon 15 Jun Scotland],
        # Tue 16 - Fri 19 (13), 22-26 (18), Mon 29 (19), Tue 30 Jun 2026 (20).
        pytest.param(date(2026, 6, 1), date(2026, 6, 30), id="one-off-15-june-2026-sct"),
        # Sat 7 Nov 2026: Mon 9 - Fri 13 (5), 16-20 (10), 23-27 (15), [Mon 30 Nov St Andrew's],
        # Tue 1 - Fri 4 Dec (19), Mon 7 Dec 2026 (20).
        pytest.param(date(2026, 11, 7), date(2026, 12, 7), id="saturday-and-st-andrews-day"),
        # Sat 3 Oct 2026, no holidays: Mon 5 - Fri 30 Oct is four full weeks (20).
        pytest.param(date(2026, 10, 3), date(2026, 10, 30), id="received-on-a-saturday"),
        pytest.param(date(2026, 10, 4), date(2026, 10, 30), id="received-on-a-sunday"),
        # Mon 5 Oct 2026: Tue 6 Oct to Mon 2 Nov is twenty working days.
        pytest.param(date(2026, 10, 5), date(2026, 11, 2), id="received-on-a-monday"),
    ],
)
def test_foi_deadline_is_the_twentieth_uk_working_day_following_receipt(received, due):
    found = deadline_for_foi(received)
    assert (found.kind, found.received, found.due) == ("foi", received, due)
    assert found.latest_extended is None


FOI_RULE = (
    "The twentieth working day following receipt ({received}) is {due}, not counting "
    "weekends, Christmas Day, Good Friday or a bank holiday in any part of the UK{skips}."
)


# Each rule sentence is checked whole, counted by hand, so that a holiday dropped, a Saturday
# named or a wrong date anywhere in it fails.
@pytest.mark.parametrize(
    ("received", "due", "skips"),
    [
        # Mon 8 Dec 2025: 4 + 5 + 3 to Wed 24 Dec, 3 more to Wed 31 Dec, then Mon 5 to Fri 9 Jan.
        (
            date(2025, 12, 8),
            "9 January 2026",
            "; this skips Christmas Day on 25 December 2025, Boxing Day on 26 December 2025, "
            "New Year's Day on 1 January 2026 and New Year Holiday (Scotland) on 2 January 2026",
        ),
        # Mon 2 Mar 2026: Tue 17 Mar is a holiday in Northern Ireland only; the 20th is Tue 31 Mar.
        (
            date(2026, 3, 2),
            "31 March 2026",
            "; this skips St Patrick's Day (Northern Ireland) on 17 March 2026",
        ),
        # Wed 24 Dec 2025: the day after receipt is a holiday, and is named; 20th is Tue 27 Jan.
        (
            date(2025, 12, 24),
            "27 January 2026",
            "; this skips Christmas Day on 25 December 2025, Boxing Day on 26 December 2025, "
            "New Year's Day on 1 January 2026 and New Year Holiday (Scotland) on 2 January 2026",
        ),
        # Thu 3 Dec 2026: Boxing Day is a Saturday, so it is not named; its substitute Mon 28 Dec
        # is, and so is Scotland's Mon 4 Jan 2027 for Sat 2 Jan. The 20th is Wed 6 Jan 2027.
        (
            date(2026, 12, 3),
            "6 January 2027",
            "; this skips Christmas Day on 25 December 2026, Boxing Day (substitute day) on "
            "28 December 2026, New Year's Day on 1 January 2027 and New Year Holiday "
            "(substitute day in Scotland) on 4 January 2027",
        ),
        # Mon 2 Nov 2026: the 20th would be Mon 30 Nov, St Andrew's Day in Scotland: Tue 1 Dec.
        (
            date(2026, 11, 2),
            "1 December 2026",
            "; this skips St Andrew's Day (Scotland) on 30 November 2026",
        ),
        # Mon 5 Oct 2026: no holiday in the 20 working days; the 20th is Mon 2 Nov 2026.
        (date(2026, 10, 5), "2 November 2026", ""),
    ],
)
def test_foi_rule_sentence_whole(received, due, skips):
    assert deadline_for_foi(received).rule == FOI_RULE.format(
        received=long_date(received), due=due, skips=skips
    )


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Mon 2 Mar 2026: the same count as the FOI case above, Tue 31 Mar 2026.
        pytest.param(date(2026, 3, 2), date(2026, 3, 31), id="st-patricks-day"),
        # Mon 14 Dec 2026: the same count as the FOI Christmas case, Fri 15 Jan 2027.
        pytest.param(date(2026, 12, 14), date(2027, 1, 15), id="christmas"),
    ],
)
def test_foi_internal_review_is_due_in_twenty_working_days(received, due):
    found = deadline_for_foi_internal_review(received)
    assert (found.kind, found.received, found.due) == ("foi-internal-review", received, due)


def test_foi_internal_review_rule_gives_the_forty_day_limit():
    # From Mon 2 Mar 2026, day 20 is Tue 31 Mar; then Wed 1, Thu 2 Apr (22), [Good Friday,
    # Easter Monday], Tue 7 - Fri 10 (26), 13-17 (31), 20-24 (36), Mon 27 - Thu 30 Apr 2026 (40).
    rule = deadline_for_foi_internal_review(date(2026, 3, 2)).rule
    assert "40 working days, to 30 April 2026" in rule


# --- Dispatch and sending ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "due"),
    [
        # Received Mon 2 Mar 2026.
        pytest.param("sar", date(2026, 4, 2), id="sar"),  # Thu 2 Apr 2026
        pytest.param("sar-extended", date(2026, 6, 2), id="sar-extended"),  # Tue 2 Jun 2026
        pytest.param("foi", date(2026, 3, 31), id="foi"),  # see the FOI case above
        pytest.param("foi-internal-review", date(2026, 3, 31), id="foi-internal-review"),
    ],
)
def test_deadline_dispatches_on_kind(kind, due):
    found = deadline(kind, date(2026, 3, 2))
    assert (found.kind, found.due) == (kind, due)


def test_kinds_are_the_four_deadlines():
    assert KINDS == ("sar", "sar-extended", "foi", "foi-internal-review")


def test_deadline_refuses_an_unknown_kind_and_names_the_kinds():
    with pytest.raises(ValueError, match="sar, sar-extended, foi, foi-internal-review"):
        deadline("subject-access", date(2026, 3, 2))


@pytest.mark.parametrize(
    ("kind", "sent", "method", "received", "due"),
    [
        # Posted first class Fri 6 Nov 2026, received Tue 10 Nov; a month on: Thu 10 Dec 2026.
        pytest.param(
            "sar",
            date(2026, 11, 6),
            "first-class",
            date(2026, 11, 10),
            date(2026, 12, 10),
            id="sar-first-class",
        ),
        # Posted second class Thu 24 Dec 2026, received Tue 5 Jan 2027; three months on:
        # Mon 5 Apr 2027 (Easter Monday 2027 is 29 Mar).
        pytest.param(
            "sar-extended",
            date(2026, 12, 24),
            "second-class",
            date(2027, 1, 5),
            date(2027, 4, 5),
            id="sar-extended-second-class",
        ),
        # Emailed Thu 24 Dec 2026: Tue 29 - Thu 31 (3), Tue 5 - Fri 8 Jan (7), 11-15 (12),
        # 18-22 (17), Mon 25 - Wed 27 Jan 2027 (20).
        pytest.param(
            "foi",
            date(2026, 12, 24),
            "email",
            date(2026, 12, 24),
            date(2027, 1, 27),
            id="foi-email",
        ),
        # Handed in Mon 2 Mar 2026: Tue 31 Mar 2026, as above.
        pytest.param(
            "foi-internal-review",
            date(2026, 3, 2),
            "by-hand",
            date(2026, 3, 2),
            date(2026, 3, 31),
            id="foi-internal-review-by-hand",
        ),
    ],
)
def test_deadline_after_sending_works_out_receipt_first(kind, sent, method, received, due):
    found = deadline_after_sending(kind, sent, method)
    assert (found.kind, found.received, found.due) == (kind, received, due)


def test_deadline_after_sending_by_post_says_how_receipt_was_worked_out():
    rule = deadline_after_sending("sar", date(2026, 11, 6), "first-class").rule
    assert rule.startswith("Sent by first-class post on 6 November 2026")
    assert "second working day after posting, 10 November 2026" in rule
    assert "one calendar month from receipt (10 November 2026)" in rule


def test_deadline_after_sending_by_email_says_received_the_same_day():
    rule = deadline_after_sending("foi", date(2026, 12, 24), "email").rule
    assert rule.startswith("Sent by email on 24 December 2026, so received the same day")


def test_deadline_after_sending_keeps_the_extended_date_for_a_sar():
    # Received Tue 10 Nov 2026; three months on: Wed 10 Feb 2027.
    found = deadline_after_sending("sar", date(2026, 11, 6), "first-class")
    assert found.latest_extended == date(2027, 2, 10)


def test_deadline_after_sending_refuses_an_unknown_method():
    with pytest.raises(ValueError, match="first-class, second-class, email, by-hand"):
        deadline_after_sending("sar", date(2026, 11, 6), "fax")


def test_a_deadline_cannot_be_changed_once_made():
    found = deadline_for_sar(date(2024, 11, 25))
    with pytest.raises(FrozenInstanceError):
        found.due = date(2024, 12, 25)


def test_deadline_holds_what_it_is_given():
    made = Deadline("foi", date(2026, 3, 2), date(2026, 3, 31), "A rule.")
    assert made.latest_extended is None


# --- Later steps ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer_on", "last_day"),
    [
        # Mon 2 Mar 2026 + 40 working days: Thu 30 Apr 2026 (counted in the review test above).
        pytest.param(date(2026, 3, 2), date(2026, 4, 30), id="over-easter"),
        # Mon 30 Nov 2026: Tue 1 - Fri 4 Dec (4), 7-11 (9), 14-18 (14), Mon 21 - Thu 24 (18),
        # Tue 29 - Thu 31 (21), Tue 5 - Fri 8 Jan (25), 11-15 (30), 18-22 (35), 25-29 Jan 2027 (40).
        pytest.param(date(2026, 11, 30), date(2027, 1, 29), id="over-christmas"),
    ],
)
def test_last_day_to_ask_for_internal_review_is_forty_working_days_on(answer_on, last_day):
    assert last_day_to_ask_for_internal_review(answer_on) == last_day


@pytest.mark.parametrize(
    ("final_response_on", "last_day"),
    [
        # Mon 2 Mar 2026 + 42 days: 29 days to 31 Mar, 13 more: Mon 13 Apr 2026.
        pytest.param(date(2026, 3, 2), date(2026, 4, 13), id="march"),
        # Fri 27 Nov 2026 + 42 days: 3 to 30 Nov, 31 to 31 Dec, 8 more: Fri 8 Jan 2027.
        pytest.param(date(2026, 11, 27), date(2027, 1, 8), id="over-new-year"),
    ],
)
def test_last_day_to_complain_to_ico_foi_is_six_weeks_on(final_response_on, last_day):
    assert last_day_to_complain_to_ico_foi(final_response_on) == last_day


@pytest.mark.parametrize(
    ("last_contact_on", "last_day"),
    [
        # Wed 15 Apr 2026 -> Wed 15 Jul 2026.
        pytest.param(date(2026, 4, 15), date(2026, 7, 15), id="plain"),
        # Tue 31 Mar 2026 -> no 31 June -> Tue 30 Jun 2026.
        pytest.param(date(2026, 3, 31), date(2026, 6, 30), id="month-end"),
        # Mon 30 Nov 2026 -> no 30 Feb -> Sun 28 Feb 2027 -> Mon 1 Mar 2027.
        pytest.param(date(2026, 11, 30), date(2027, 3, 1), id="month-end-weekend"),
        # Tue 6 Jan 2026 -> Mon 6 Apr 2026, Easter Monday -> Tue 7 Apr 2026.
        pytest.param(date(2026, 1, 6), date(2026, 4, 7), id="easter-monday"),
    ],
)
def test_last_day_to_complain_to_ico_data_protection_is_three_months_on(last_contact_on, last_day):
    assert last_day_to_complain_to_ico_data_protection(last_contact_on) == last_day


@pytest.mark.parametrize(
    ("today", "overdue"),
    [
        pytest.param(date(2024, 12, 26), 0, id="before"),
        pytest.param(date(2024, 12, 27), 0, id="on-the-day"),
        # 28 Dec to 3 Jan is 7 days.
        pytest.param(date(2025, 1, 3), 7, id="a-week"),
        # 4 days left in December, 27 in January.
        pytest.param(date(2025, 1, 27), 31, id="a-month"),
    ],
)
def test_days_overdue_counts_calendar_days_after_the_due_date(today, overdue):
    assert days_overdue(date(2024, 12, 27), today) == overdue


# --- Properties ----------------------------------------------------------------------------------

any_day = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))


@given(any_day)
def test_sar_deadline_is_always_a_working_day_within_a_month_and_a_few_days(received):
    due = deadline_for_sar(received).due
    assert is_uk_working_day(due)
    # The longest run of non-working days is Christmas with both substitutes: 4 days (plus a
    # short month can only make the date earlier).
    assert 28 <= (due - received).days <= 31 + 4


@given(any_day)
def test_foi_deadline_is_always_twenty_working_days_on(received):
    due = deadline_for_foi(received).due
    assert is_uk_working_day(due)
    assert working_days_between(received, due) == 20


# Worked by hand from a calendar: one month from the date on the notice, the same date next month
# or that month's last day, never moved (the claimant's own deadline).
@pytest.mark.parametrize(
    ("notice", "last_day", "moved_words"),
    [
        (date(2026, 11, 18), date(2026, 12, 18), ""),  # a Friday
        (date(2027, 1, 31), date(2027, 2, 28), "It is not moved, even though it is a Sunday"),
        (date(2026, 12, 26), date(2027, 1, 26), ""),  # a Tuesday
        (date(2026, 12, 30), date(2027, 1, 30), "It is not moved, even though it is a Saturday"),
    ],
)
def test_appeal_after_a_reconsideration_is_one_month_from_the_notice_never_moved(
    notice, last_day, moved_words
):
    found = last_day_to_appeal_after_reconsideration(notice)
    assert found.due == last_day
    assert "rule 22(2)(d)(i)" in found.rule and "Check the time limit on your notice" in found.rule
    assert moved_words in found.rule


def test_reconsideration_after_a_decision_on_31_october_is_due_on_30_november():
    found = last_day_for_mandatory_reconsideration(date(2026, 10, 31))
    assert found.due == date(2026, 11, 30)
    assert "November 2026 has no 31st" in found.rule
