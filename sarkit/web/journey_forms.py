"""Forms for the journey: one question a page, GOV.UK widgets, errors in the GOV.UK voice.

Field names are the answers keys (ARCHITECTURE.md, "The answers"), so a form's data and errors
line up with `parse_answers` and `show_errors`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.main import merger
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from markupsafe import Markup, escape
from wtforms import BooleanField, Field, RadioField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, StopValidation

from sarkit.answers import (
    ADVISER_FIELDS,
    DEFAULT_MAX_LENGTH,
    MAX_LENGTH,
    date_range_problem,
    today_in_london,
)

# The choice for an organisation or website that has no profile, on every page that offers a
# list. Not a valid profile id (ids never contain an underscore), so it can never clash with one.
NOT_LISTED = "_not_listed"

# What the "your details" page may ask; everything else in the journey is not personal.
DETAIL_FIELDS = (
    "name",
    "address",
    "postcode",
    "email",
    "phone",
    "nino",
    "no_nino",
    "dob",
    "sent_method",
    "date",
    *(f"adviser_{f}" for f in ADVISER_FIELDS),
)
OFF = {"autocomplete": "off", "spellcheck": "false"}


# --- widgets: the GOV.UK ones, with per-choice extras ------------------------------------------


class _ItemExtras:
    """Lets a page add, by choice value, a hint or a conditional reveal, and dividers.

    Pass `itemsByValue` ({value: item params}) and `dividersBefore` ({value: text}) in `params`;
    govuk-frontend-wtf itself can only merge extras into items by position.
    """

    def map_gov_params(self, field, **kwargs):
        params = dict(kwargs.get("params") or {})
        extras = params.pop("itemsByValue", {})
        dividers = params.pop("dividersBefore", {})
        kwargs["params"] = params
        gov = super().map_gov_params(field, **kwargs)
        items = []
        for item in gov["items"]:
            if item["value"] in dividers:
                items.append({"divider": dividers[item["value"]]})
            items.append(merger.merge(item, dict(extras.get(item["value"], {}))))
        gov["items"] = items
        return gov


class GovRadios(_ItemExtras, GovRadioInput):
    """GOV.UK radios with per-choice hints, conditional reveals and dividers."""


class GovCheckboxes(_ItemExtras, GovCheckboxesInput):
    """GOV.UK checkboxes with per-choice hints."""


class GovTextAreaLines(GovTextArea):
    """GOV.UK textarea whose line breaks survive being put inside another component.

    govukRadios indents everything in its fieldset, a conditional reveal too, and that would
    add spaces to every line of an address typed in one. Line breaks written as `&#10;` read
    the same to the browser and give the indent nothing to act on.
    """

    def __call__(self, field, **kwargs):
        if "value" not in kwargs:
            kwargs["value"] = Markup(escape(field._value()).replace("\n", Markup("&#10;")))
        return super().__call__(field, **kwargs)


class GovDateParts(GovDateInput):
    """GOV.UK date input for a `DatePartsField`: never raises on what was posted.

    The wrapper takes the field's name as its id and the inputs are `<name>-day`, `-month` and
    `-year`, so the error summary (which links to `field.id`) lands on the part that is wrong.
    Only the wrong parts are drawn in red.
    """

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.name)
        kwargs.setdefault("value", "")
        return GovFormBase.__call__(self, field, **kwargs)

    def map_gov_params(self, field, **kwargs):
        params = GovFormBase.map_gov_params(self, field, **kwargs)
        params.setdefault("fieldset", {"legend": {"text": field.label.text}})
        wrong = set(field.error_parts) if field.errors else set()
        labels = {"day": gettext("Day"), "month": gettext("Month"), "year": gettext("Year")}
        items = []
        for part, value in zip(("day", "month", "year"), field.parts, strict=True):
            width = "govuk-input--width-4" if part == "year" else "govuk-input--width-2"
            item = {
                "label": labels[part],
                "id": f"{field.name}-{part}",
                "name": field.name,
                "value": value,
                "classes": f"{width} govuk-input--error" if part in wrong else width,
            }
            if field.autocomplete:
                item["autocomplete"] = (
                    "off" if field.autocomplete == "off" else f"{field.autocomplete}-{part}"
                )
            items.append(item)
        params["items"] = items
        return params


# --- reading dates ----------------------------------------------------------------------------

ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
PARTS = ("day", "month", "year")


@dataclass(frozen=True)
class DateReading:
    """What a date input held: the date (or None), the three parts as typed, and any error."""

    value: date | None
    parts: tuple[str, str, str]
    error: str = ""
    error_parts: tuple[str, ...] = ()


def read_date(values: list[str], what: str, example: str) -> DateReading:
    """Read a date from three parts (day, month, year) or from one ISO value (YYYY-MM-DD).

    `what` names the date in an error ("Date of birth must include a month"); `example` is a
    date as a person types it ("27 3 1980"). Never raises: a bad date is an error to show.
    """
    values = [str(v).strip() for v in values]
    if len(values) <= 1:
        text = values[0] if values else ""
        if not text:
            return DateReading(None, ("", "", ""))
        match = ISO_DATE.fullmatch(text)
        try:
            value = date(*(int(n) for n in match.groups())) if match else None
        except ValueError:
            value = None
        if value is None:  # one value, so the whole date is wrong
            return DateReading(None, ("", "", ""), _real_date_error(example), PARTS)
        return _in_range(value, (str(value.day), str(value.month), str(value.year)), what)
    if len(values) != 3:
        return DateReading(None, ("", "", ""), _real_date_error(example), PARTS)
    parts = (values[0], values[1], values[2])
    if not any(parts):
        return DateReading(None, parts)
    missing = tuple(name for name, value in zip(PARTS, parts, strict=True) if not value)
    if missing:
        return DateReading(None, parts, _missing_parts_error(what, missing), missing)
    day, month, year = parts
    month_number = _month(month)
    day_ok = _digits(day) and 1 <= int(day) <= 31
    wrong = tuple(
        name
        for name, ok in (("day", day_ok), ("month", month_number), ("year", _digits(year)))
        if not ok
    )
    if wrong:
        return DateReading(None, parts, _real_date_error(example), wrong)
    if len(year) != 4:
        return DateReading(
            None,
            parts,
            gettext(
                "%(what)s must include a year with 4 numbers, like %(year)s",
                what=what,
                year=example.split()[-1],
            ),
            ("year",),
        )
    try:
        value = date(int(year), month_number, int(day))
    except ValueError:
        return DateReading(None, parts, _real_date_error(example), PARTS)
    return _in_range(value, parts, what)


def _in_range(value: date, parts: tuple[str, str, str], what: str) -> DateReading:
    """The domain's one range for dates on a letter (sarkit.answers) applies to every form."""
    if problem := date_range_problem(value):
        return DateReading(
            None,
            parts,
            gettext("%(what)s must be a year %(range)s", what=what, range=problem),
            ("year",),
        )
    return DateReading(value, parts)


def _digits(text: str) -> bool:
    """Only 0 to 9: str.isdigit() also takes "²", which int() refuses."""
    return text.isascii() and text.isdigit()


def _month(text: str) -> int:
    """A month number from 1 to 12, from digits or an English name ("Feb", "february")."""
    if _digits(text):
        return int(text) if 1 <= int(text) <= 12 else 0
    name = text.lower()[:3]
    return MONTH_NAMES.index(name) + 1 if len(text) >= 3 and name in MONTH_NAMES else 0


def _missing_parts_error(what: str, missing: tuple[str, ...]) -> str:
    words = {"day": gettext("a day"), "month": gettext("a month"), "year": gettext("a year")}
    if len(missing) == 1:
        return gettext("%(what)s must include %(part)s", what=what, part=words[missing[0]])
    plain = {"day": gettext("day"), "month": gettext("month"), "year": gettext("year")}
    return gettext(
        "%(what)s must include a %(first)s and %(second)s",
        what=what,
        first=plain[missing[0]],
        second=plain[missing[1]],
    )


def _real_date_error(example: str) -> str:
    return gettext("Enter a real date, for example %(example)s", example=example)


class DatePartsField(Field):
    """A date asked with the GOV.UK date input; also reads one ISO value (from hidden fields)."""

    widget = GovDateParts()

    def __init__(
        self,
        label=None,
        validators=None,
        *,
        what="",
        example="",
        required="",
        autocomplete="",
        **kwargs,
    ):
        super().__init__(label, validators, **kwargs)
        self.what = what or label
        self.example = example
        self.required = required
        # 'off', or a WCAG 1.3.5 purpose such as 'bday' (each part gets bday-day, and so on).
        self.autocomplete = autocomplete
        self.parts: tuple[str, str, str] = ("", "", "")
        self.reading_error = ""
        self.error_parts: tuple[str, ...] = PARTS
        self.id = f"{self.name}-day"

    def process_data(self, value):
        if isinstance(value, date):
            self.data = value
            self.parts = (str(value.day), str(value.month), str(value.year))
        elif isinstance(value, str) and value:
            self._take(read_date([value], self.what, self.example))
        else:
            self.data = None

    def process_formdata(self, valuelist):
        if valuelist:
            self._take(read_date(valuelist, self.what, self.example))

    def _take(self, reading: DateReading) -> None:
        self.data = reading.value
        self.parts = reading.parts
        self.reading_error = reading.error
        self.error_parts = reading.error_parts or PARTS

    def _value(self):
        return self.data.isoformat() if self.data else ""

    def pre_validate(self, form):
        if self.reading_error:
            self._point_at_first_wrong_part()
            raise StopValidation(self.reading_error)
        if self.data is None and self.required:
            self.error_parts = PARTS
            raise StopValidation(str(self.required))

    def post_validate(self, form, validation_stopped):
        if self.errors:
            self._point_at_first_wrong_part()

    def _point_at_first_wrong_part(self) -> None:
        self.id = f"{self.name}-{self.error_parts[0]}"


# --- fields with GOV.UK messages ---------------------------------------------------------------


class GovRadioField(RadioField):
    """Radios that say "Select …" when nothing (or something not offered) was chosen."""

    widget = GovRadios()

    def __init__(self, label=None, validators=None, *, required="", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required = required

    def pre_validate(self, form):
        if self.data not in {choice.value for choice in self.iter_choices()}:
            raise StopValidation(str(self.required))


class GovCheckboxesField(SelectMultipleField):
    """Checkboxes that say "Select …" when none was ticked; unknown values are dropped."""

    widget = GovCheckboxes()

    def __init__(self, label=None, validators=None, *, required="", **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required = required

    def pre_validate(self, form):
        offered = {choice.value for choice in self.iter_choices()}
        self.data = [v for v in (self.data or []) if v in offered]
        if not self.data:
            raise StopValidation(str(self.required))


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def text(label, hint="", *, name, area=False, render_kw=None):
    """A GOV.UK text input (or textarea) with the answers' length limit for `name`."""
    limit = MAX_LENGTH.get(name, DEFAULT_MAX_LENGTH)
    # Only the length here: whether a field is needed, and in what words, is the domain's
    # (answers.require), said the same on every page.
    validators = [Length(max=limit, message=_l("Enter %(limit)s characters or fewer", limit=limit))]
    return StringField(
        label,
        description=hint,
        validators=validators,
        filters=[_strip],
        widget=GovTextAreaLines() if area else GovTextInput(),
        render_kw=render_kw,
    )


# --- the pages ---------------------------------------------------------------------------------


NATION_CHOICES = [
    SelectChoice("england", _l("England")),
    SelectChoice("wales", _l("Wales")),
    SelectChoice("scotland", _l("Scotland")),
    SelectChoice("northern-ireland", _l("Northern Ireland")),
]


class WhereYouLiveForm(FlaskForm):
    nation = GovRadioField(
        _l("Where do you live?"),
        choices=NATION_CHOICES,
        description=_l(
            "In Northern Ireland, the letters about benefits go to the Department for "
            "Communities instead of DWP. If you are helping someone, choose where "
            "they live."
        ),
        required=_l("Select where you live"),
    )


class WhoForForm(FlaskForm):
    who = GovRadioField(
        _l("Are you filling this in for yourself, or helping someone?"),
        choices=[
            SelectChoice("myself", _l("For myself")),
            SelectChoice(
                "adviser", _l("I am an adviser or helper acting with their signed authority")
            ),
        ],
        description=_l("Helpers must never ask for someone's passwords."),
        required=_l("Select if you are filling this in for yourself or helping someone"),
    )


class WhoToldYouForm(FlaskForm):
    provider = GovRadioField(
        _l("Who told you to use a job website?"),
        choices=[],
        description=_l(
            "This is usually your work coach at the jobcentre, or an employment "
            "support provider you were sent to."
        ),
        required=_l("Select who told you to use the website"),
    )
    provider_name = text(
        _l("Name of the organisation"),
        _l("As it appears on their letters, emails or signs"),
        name="provider_name",
    )
    provider_address = text(
        _l("Their address (optional)"),
        _l("If you know it. Put each line on a new line."),
        name="provider_address",
        area=True,
    )
    told_on = DatePartsField(
        _l("When were you told to use it? (optional)"),
        description=_l("For example, 27 3 2026. Leave this empty if you are not sure."),
        what=_l("The date you were told"),
        example="27 3 2026",
    )

    def validate_provider_name(self, field):
        if self.provider.data == NOT_LISTED and not field.data:
            raise StopValidation(gettext("Enter the name of the organisation that told you"))


JOURNAL, POST = "journal", "post"


class WhereToSendForm(FlaskForm):
    """Where the letter to the provider goes, when no profile gives its address."""

    send = GovRadioField(
        _l("How will you send it to your work coach?"),
        choices=[
            SelectChoice(JOURNAL, _l("As a message in my Universal Credit journal")),
            SelectChoice(POST, _l("By post, or by hand at my jobcentre")),
        ],
        required=_l("Select how you will send it"),
    )
    provider_address = text(
        _l("Their address"),
        _l(
            "Put each line on a new line. You can find it on their letters, emails or "
            "appointment letters to you, or ask them or your work coach."
        ),
        name="provider_address",
        area=True,
    )

    def validate_provider_address(self, field):
        send = self._fields.get("send")
        if (send is None or send.data == POST) and not (field.data or "").strip():
            raise StopValidation(gettext("Enter their address"))


class WhichSiteForm(FlaskForm):
    site = GovRadioField(
        _l("Which website were you told to use?"),
        choices=[],
        description=_l("If it is not in the list, choose 'Not listed' and type its name."),
        required=_l("Select the website you were told to use"),
    )
    site_name = text(_l("Name of the website"), _l("For example, Jobs Near Me"), name="site_name")
    site_url = text(
        _l("Web address (optional)"),
        _l("For example, www.example.co.uk"),
        name="site_url",
        render_kw={"spellcheck": "false"},
    )

    def validate_site_name(self, field):
        if self.site.data == NOT_LISTED and not field.data:
            raise StopValidation(gettext("Enter the name of the website"))


class WhichLettersForm(FlaskForm):
    letters = GovCheckboxesField(
        _l("Which letters do you want?"),
        choices=[],
        description=_l(
            "We have ticked the letters most people start with. Choose as many as you like."
        ),
        required=_l("Select at least one letter"),
    )


# How a letter goes (or went): the answers' values, the words a person would use.
SEND_CHOICES = [
    SelectChoice("first-class", _l("First class post")),
    SelectChoice("second-class", _l("Second class post")),
    SelectChoice("email", _l("Email")),
    SelectChoice("by-hand", _l("By hand")),
]


# The purpose of each of a person's own details, for the browser (HTML autocomplete tokens).
OWN_PURPOSES = {
    "name": "name",
    "address": "street-address",
    "postcode": "postal-code",
    "email": "email",
    "phone": "tel",
    "dob": "bday",
    "adviser_name": "name",
    "adviser_organisation": "organization",
    "adviser_address": "street-address",
    "adviser_email": "email",
    "adviser_phone": "tel",
}


class PurposesMixin:
    """Sets each field's autocomplete purpose from OWN_PURPOSES (the one table of them)."""

    def autocomplete_purposes(self, own: bool) -> None:
        """The person's own details say what they are (WCAG 2.2, 1.3.5), so a browser can fill
        them in from what its owner saved; an adviser typing a client's details gets 'off', or
        the browser would offer the adviser's own name and address for the client. The NI
        number has no purpose to give and stays off everywhere."""
        for name, purpose in OWN_PURPOSES.items():
            if name not in self._fields:
                continue
            value = purpose if own or name.startswith("adviser_") else "off"
            field = self[name]
            if isinstance(field, DatePartsField):
                field.autocomplete = value
            else:
                field.render_kw = {**(field.render_kw or {}), "autocomplete": value}


class PersonalDetailsForm(PurposesMixin, FlaskForm):
    """The person's details, worded once for every page that asks them (the journey's details
    page and the reply helper's). Asked last, never stored; a page removes what no letter needs.
    """

    name = text(
        _l("Full name"),
        _l("As it is on your benefit letters"),
        name="name",  # required by the letters' needs: the domain says so, in one wording
        render_kw=OFF,
    )
    address = text(
        _l("Address"),
        _l(
            "Put each line on a new line. If you do not have a fixed "
            "address, leave this empty and give an email address."
        ),
        name="address",
        area=True,
        render_kw={"autocomplete": "off"},
    )
    postcode = text(_l("Postcode"), _l("For example, EX1 1EX"), name="postcode", render_kw=OFF)
    email = text(
        _l("Email address (optional)"),
        _l("If you have no fixed address, the letters ask for replies by email."),
        name="email",
        render_kw=OFF,
    )
    nino = text(
        _l("National Insurance number"),
        _l(
            "It is on your National Insurance card, benefit letters, payslips or P60. "
            "For example, QQ 12 34 56 C"
        ),
        name="nino",
        render_kw=OFF,
    )
    no_nino = BooleanField(
        _l("I do not have a National Insurance number yet"),
        widget=GovCheckboxInput(),
        description=_l("Tick this and the letters will do without it."),
    )
    dob = DatePartsField(
        _l("Date of birth"),
        description=_l("For example, 27 3 1980"),
        what=_l("Date of birth"),
        example="27 3 1980",
        required=_l("Enter your date of birth"),
        autocomplete="off",
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.autocomplete_purposes(own=True)


class DetailsForm(PersonalDetailsForm):
    """The journey's details page: the person's details, how and when the letters go, and the
    adviser's details in adviser mode."""

    phone = text(
        _l("Phone number (optional)"),
        _l("For example, 07700 900 982"),
        name="phone",
        render_kw={"autocomplete": "off"},
    )
    sent_method = GovRadioField(
        _l("How will you send the letters?"),
        choices=SEND_CHOICES,
        description=_l(
            "This tells us when they will get them, so we can work out the date "
            "they must answer by."
        ),
        required=_l("Select how you will send the letters"),
    )
    date = DatePartsField(
        _l("When will you send them?"),
        description=_l(
            "We have put in today's date. Change it if you will send them on another day."
        ),
        what=_l("The date you will send them"),
        example="27 3 2026",
        required=_l("Enter the date you will send the letters"),
        default=today_in_london,
    )
    adviser_name = text(
        _l("Your name"),
        _l("The letters will be from you."),
        name="adviser_name",
    )
    adviser_organisation = text(
        _l("Your organisation (optional)"),
        _l("For example, a Citizens Advice office"),
        name="adviser_organisation",
    )
    adviser_address = text(
        _l("Your address"),
        _l("Replies will come to you here. Put each line on a new line."),
        name="adviser_address",
        area=True,
    )
    adviser_email = text(
        _l("Your email address (optional)"),
        _l("Replies can come by email."),
        name="adviser_email",
        render_kw={"spellcheck": "false"},
    )
    adviser_phone = text(
        _l("Your phone number (optional)"), _l("For example, 01632 960 001"), name="adviser_phone"
    )
    adviser_reference = text(
        _l("Your case reference (optional)"),
        _l("It is printed on the letters as 'Our reference'."),
        name="adviser_reference",
    )

    # In adviser mode the questions are about the person being helped.
    THEIRS = {
        "name": (_l("Their full name"), _l("As it is on their benefit letters")),
        "address": (
            _l("Their address (optional)"),
            _l(
                "Replies will come to you, but their address helps the organisations "
                "find their records. Put each line on a new line."
            ),
        ),
        "postcode": (_l("Their postcode (optional)"), _l("For example, EX1 1EX")),
        "email": (
            _l("Their email address (optional)"),
            _l("Leave this empty if replies should only come to you."),
        ),
        "phone": (_l("Their phone number (optional)"), _l("For example, 07700 900 982")),
        "nino": (
            _l("Their National Insurance number"),
            _l(
                "It is on their National Insurance card, benefit letters, payslips or "
                "P60. For example, QQ 12 34 56 C"
            ),
        ),
        "no_nino": (
            _l("They do not have a National Insurance number yet"),
            _l("Tick this and the letters will do without it."),
        ),
        "dob": (_l("Their date of birth"), _l("For example, 27 3 1980")),
    }

    def ask_only(self, fields: set[str], adviser: bool) -> DetailsForm:
        """Keep only `fields`; in adviser mode, word the person's questions as 'their'."""
        for name in list(self._fields):
            if name in DETAIL_FIELDS and name not in fields:
                delattr(self, name)
        if adviser:
            for name, (label, hint) in self.THEIRS.items():
                if name in self._fields:
                    self[name].label.text = label
                    self[name].description = hint
            if "dob" in self._fields:
                self.dob.required = _l("Enter their date of birth")
            self.autocomplete_purposes(own=False)
        return self
