"""Answers that travel only as POSTed fields: read them, check them, post them on, show errors.

Personal details arrive in a POST body and leave in the response (ARCHITECTURE.md, Principle 2);
every page that takes answers (the one-page form, the journey, the reply helper) uses these.
"""

from __future__ import annotations

from flask_babel import gettext
from werkzeug.datastructures import MultiDict

from sarkit import packs
from sarkit.answers import Answers, AnswersError, FieldError, send_date_problem
from sarkit.letters import all_letters
from sarkit.messages import N_
from sarkit.web.context import catalogue


def form_values(form: MultiDict) -> dict:
    """Posted fields as an answers mapping (one value each; `letters` as a list)."""
    data = {k: form.get(k) for k in form if k not in ("csrf_token", "letters")}
    data["letters"] = form.getlist("letters")
    return data


def answers_from_form(
    form: MultiDict, *, sending_now: bool = False, adviser: bool = False
) -> tuple[Answers, list[str]]:
    """Validate the posted answers and chosen letters; AnswersError names every problem.

    `sending_now`: the person has just said when they will send the letters, so a date long
    past is asked about again (a download made later from the same answers keeps its date).
    `adviser`: the person said they are an adviser, so the adviser's details are needed."""
    letter_ids = [i for i in form.getlist("letters") if i in all_letters()]
    problems = [] if letter_ids else [FieldError("letters", N_("Select at least one letter."))]
    if sending_now and (problem := send_date_problem(form.get("date"))):
        problems.append(problem)
    try:
        answers, _ = packs.check_answers(
            form_values(form), letter_ids, catalogue(), adviser=adviser
        )
    except AnswersError as error:
        raise AnswersError([*problems, *error.errors], error.partial) from None
    if problems:
        raise AnswersError(problems, answers)
    return answers, letter_ids


def hidden_fields(answers: Answers, letter_ids: list[str]) -> list[tuple[str, str]]:
    """The answers as hidden fields, so the next POST carries them (never the session)."""
    out: list[tuple[str, str]] = []
    for key, value in answers.to_json().items():
        if key == "adviser":
            out += [(f"adviser_{k}", v) for k, v in (value or {}).items() if v]
        elif key == "no_nino":
            out += [("no_nino", "y")] if value else []
        elif value not in ("", None, False):
            out.append((key, str(value)))
    return out + [("letters", i) for i in letter_ids]


def show_errors(form, error: AnswersError) -> None:
    """Put each answers error on its field so the error summary links to it."""
    for e in error.errors:
        field = getattr(form, e.field, None)
        if field is not None and hasattr(field, "errors"):
            if not field.errors:  # one message a field: the form's own, when it has one
                field.errors = [shown(e)]
        else:  # a field this page does not show: still listed in the error summary
            form.form_errors.append(shown(e))


def shown(error: FieldError) -> str:
    """An error as the page shows it: its words translated into the page's language, the
    values put in. A field's label (one of the domain's marked LABELS) is translated too."""
    params = {k: gettext(v) if k == "label" else v for k, v in error.params.items()}
    return gettext(error.template, **params) if params else gettext(error.template)
