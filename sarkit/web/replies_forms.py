"""Forms for the reply journey: one question a page, GOV.UK widgets, errors in the GOV.UK voice.

Built from the main journey's fields (sarkit/web/journey_forms.py), so both journeys read dates
the same way: GOV.UK's three boxes or one ISO value, never raising while a page is drawn again.
Field names are the answers keys (ARCHITECTURE.md, "The answers").
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField

from sarkit.web.journey_forms import (
    NATION_CHOICES,
    SEND_CHOICES,
    DatePartsField,
    GovCheckboxesField,
    GovRadioField,
    PersonalDetailsForm,
    text,
)


class NationForm(FlaskForm):
    nation = GovRadioField(
        _l("Where do you live?"),
        choices=NATION_CHOICES,
        description=_l(
            "In Northern Ireland, letters about benefits go to the Department for "
            "Communities instead of DWP."
        ),
        required=_l("Select where you live"),
    )


class LetterForm(FlaskForm):
    follows = GovRadioField(
        _l("Which letter did you send?"),
        choices=[],
        description=_l("If you sent more than one, choose the one this is about."),
        required=_l("Select the letter you sent"),
    )


class SentForm(FlaskForm):
    sent_on = DatePartsField(
        _l("When did you send it?"),
        what=_l("The date you sent it"),
        example="1 10 2026",
        description=_l(
            "For example, 1 10 2026. If you do not know the exact day, give your best guess."
        ),
        required=_l("Enter the date you sent your letter"),
    )
    sent_method = GovRadioField(
        _l("How did you send it?"),
        choices=SEND_CHOICES,
        description=_l("Post takes a few days to arrive. That changes their dates."),
        required=_l("Select how you sent your letter"),
    )


class ReplyForm(FlaskForm):
    reply = GovRadioField(
        _l("What happened?"),
        choices=[],
        description=_l("Choose the one that fits best."),
        required=_l("Select what happened"),
    )


class AnsweredForm(FlaskForm):
    reply_on = DatePartsField(
        _l("What date is on their answer?"),
        what=_l("The date of their answer"),
        example="12 10 2026",
        description=_l(
            "It is usually at the top of their letter or email. For example, 12 10 2026."
        ),
        required=_l("Enter the date of their answer"),
    )


class DecisionForm(FlaskForm):
    decision_on = DatePartsField(
        _l("What date is on the decision letter?"),
        what=_l("The date on the decision letter"),
        example="31 10 2026",
        description=_l(
            "It is near the top of the letter that tells you about the sanction or decision. "
            "For example, 31 10 2026. You have one month from this date to ask them to look "
            "again."
        ),
        required=_l("Enter the date on the decision letter"),
    )


class NextLettersForm(FlaskForm):
    letters = GovCheckboxesField(
        _l("Which letters do you want to write?"),
        choices=[],
        description=_l("We have ticked what to send now."),
        required=_l("Select at least one letter to write"),
    )


class WebsiteForm(FlaskForm):
    site = GovRadioField(
        _l("Which website were you told to use?"),
        choices=[],
        description=_l("If it is not on the list, you can type its name on the next page."),
        required=_l("Select the website"),
    )


class ProviderForm(FlaskForm):
    provider = GovRadioField(
        _l("Who told you to use it?"),
        choices=[],
        description=_l("The Jobcentre, or the employment support provider you go to."),
        required=_l("Select who told you to use the website"),
    )


class DetailsForm(PersonalDetailsForm):
    """Only what the next letters need. These travel in POST bodies, never in the session.

    Which fields are needed is checked by the letters' own `needs` (answers.require), so the
    messages are the same as everywhere else.
    """

    site_name = text(_l("The website's name"), _l("For example, Jobs Near Me"), name="site_name")
    site_url = text(
        _l("The website's address (optional)"),
        _l("For example, www.example.co.uk"),
        name="site_url",
        render_kw={"spellcheck": "false"},
    )
    provider_name = text(
        _l("The name of the organisation that told you to use it"),
        _l("For example, the name of your employment support provider"),
        name="provider_name",
    )
    provider_address = text(
        _l("Their address (optional)"),
        _l("Each line on a new line. It is on their letters."),
        name="provider_address",
        area=True,
    )
    reference = text(
        _l("Their reference (optional)"),
        _l(
            "If their letter or email has a reference number, type it here. It "
            "helps them find your case."
        ),
        name="reference",
    )
    grounds = text(_l("Anything to add (optional)"), "", name="grounds", area=True)


class ReadForm(FlaskForm):
    """Their answer, pasted (`text`) or as a file (`file`): read by the view from the POST body
    in memory, never kept. The form itself only carries the CSRF token."""


class ConfirmReadForm(FlaskForm):
    reply = GovRadioField(
        _l("Is this what they said?"),
        choices=[],
        description=_l("Choose another kind of answer if this is not right."),
        required=_l("Select what they said"),
    )
    # The date found on their letter (YYYY-MM-DD), if any: not personal, checked when posted.
    reply_on = HiddenField()
