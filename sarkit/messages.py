"""Marks the domain's messages for translation without tying the domain to Flask.

`N_("...")` returns its text unchanged; `make messages` (pybabel extract -k N_) collects every
marked string into translations/messages.pot, and the web layer translates a message when it
shows it (sarkit/web/posted_answers.py), so Welsh can follow without touching the rules.
"""


def N_(message: str) -> str:  # noqa: N802 - the conventional name gettext tools look for
    return message
