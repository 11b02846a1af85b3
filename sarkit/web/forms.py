"""Forms for the adviser's one-page form and the letters page. Field names are the answers keys."""

from __future__ import annotations

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Optional

from sarkit.answers import NATIONS, SEND_METHODS
from sarkit.web.journey_forms import PurposesMixin


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 choices (tuples are deprecated there)."""
    return [SelectChoice(value, label) for value, label in pairs]


def _text(label: str, hint: str = "", name: str = "", area: bool = False, **kwargs):
    """A text field. Its value is checked by sarkit.answers, the one place answers are validated."""
    widget = GovTextArea() if area else GovTextInput()
    return StringField(label, description=hint, widget=widget, validators=[Optional()], **kwargs)


def _choice(label: str, hint: str) -> SelectField:
    """A drop-down whose choices the view fills in (profiles, letters, replies); any value is
    let through here because the domain checks it, in one place, with one wording."""
    return SelectField(
        label, widget=GovSelect(), choices=[], validate_choice=False, description=hint
    )


class QuickForm(PurposesMixin, FlaskForm):
    """Every answers field on one page, for advisers (ARCHITECTURE.md, "Web": /quick)."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The client's details are not the adviser's: off, or the browser would offer the
        # adviser's own name for the client. The adviser's own say what they are.
        self.autocomplete_purposes(own=False)

    nation = RadioField(
        "Where does the person live?",
        widget=GovRadioInput(),
        choices=choices(NATIONS.items()),
        description="In Northern Ireland the DWP letters go to the Department for Communities.",
        validators=[InputRequired("Select where the person lives.")],
    )
    site = _choice("Website", "Choose 'Not listed' and type its name below if it is missing.")
    site_name = _text("Website name, if not listed", "For example, Jobs Near Me", "site_name")
    site_url = _text(
        "Website address, if not listed",
        "For example, www.example.co.uk",
        "site_url",
        render_kw={"spellcheck": "false"},
    )
    provider = _choice("Who told them to use it", "The Jobcentre or employment provider.")
    provider_name = _text(
        "Organisation name, if not listed",
        "For example, a local employment support provider",
        "provider_name",
    )
    provider_address = _text(
        "Organisation address, if not listed or we have none",
        "Each line on a new line. Needed for letters to an organisation whose profile gives no "
        "address: it is on their letters to you",
        "provider_address",
        area=True,
    )
    told_on = _text(
        "Date they were told to use it", "As YYYY-MM-DD, for example 2026-11-02", "told_on"
    )
    name = _text(
        "Full name",
        "As it appears on their benefit letters",
        "name",
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    address = _text(
        "Address",
        "Each line on a new line. Leave empty if they have no fixed "
        "address and give an email instead.",
        "address",
        area=True,
        render_kw={"autocomplete": "off"},
    )
    postcode = _text(
        "Postcode", "For example, EX1 1EX", "postcode", render_kw={"autocomplete": "off"}
    )
    nino = _text(
        "National Insurance number",
        "It's on their National Insurance card, benefit "
        "letter, payslip or P60. For example, QQ 12 34 56 C",
        "nino",
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    no_nino = BooleanField(
        "They do not have a National Insurance number yet",
        widget=GovCheckboxInput(),
        description="The letters will do without it.",
    )
    dob = _text(
        "Date of birth",
        "As YYYY-MM-DD, for example 1980-02-03",
        "dob",
        render_kw={"autocomplete": "off"},
    )
    email = _text(
        "Email address",
        "Replies can come by email",
        "email",
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    phone = _text("Phone number", "Optional", "phone", render_kw={"autocomplete": "off"})
    adviser_name = _text(
        "Your name (adviser)",
        "Leave the adviser fields empty if the person is writing for themselves",
        "adviser_name",
    )
    adviser_organisation = _text(
        "Your organisation",
        "For example, a Citizens Advice office",
        "adviser_organisation",
    )
    adviser_address = _text(
        "Your organisation's address",
        "Replies will come here",
        "adviser_address",
        area=True,
    )
    adviser_email = _text(
        "Your email address",
        "Optional",
        "adviser_email",
        render_kw={"spellcheck": "false"},
    )
    adviser_phone = _text("Your phone number", "Optional", "adviser_phone")
    adviser_reference = _text(
        "Your case reference", "Optional. Printed as 'Our reference'", "adviser_reference"
    )
    sent_on = _text(
        "Date the first letter was sent (for follow-ups)",
        "As YYYY-MM-DD. Leave empty for a first letter",
        "sent_on",
    )
    sent_method = RadioField(
        "How will the letters be sent?",
        widget=GovRadioInput(),
        choices=choices(SEND_METHODS.items()),
        description="This sets the date they are taken to arrive.",
        validators=[Optional()],
    )
    reference = _text("Their reference (for follow-ups)", "From their reply, if any", "reference")
    follows = _choice("Which letter is this a follow-up to?", "Only for follow-up letters")
    reply = _choice(
        "What did they answer? (for replies)", "Only for letters that answer their reply"
    )
    reply_on = _text("Date on their answer", "As YYYY-MM-DD", "reply_on")
    decision_on = _text(
        "Date on the decision letter (to ask for a decision to be looked at again)",
        "As YYYY-MM-DD",
        "decision_on",
    )
    grounds = _text(
        "In their own words (optional for most letters)",
        "What is wrong and what is right, why a decision is wrong, or a health condition. "
        "Printed as typed",
        "grounds",
        area=True,
    )
    date = _text("Date of the letter", "As YYYY-MM-DD. Leave empty for today", "date")
    letters = SelectMultipleField(
        "Letters", widget=GovCheckboxesInput(), choices=[], description="Choose one or more."
    )
