"""The tests name only letters and replies that exist.

A test that passes `reply="asked-for-clarification"` (an id no reply file has) tests nothing: the
handling of the real id could be deleted and the suite would still pass. This reads every test
file and checks each id given as a letter, a reply or a follow-up against the files in letters/.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from sarkit.letters import all_letters
from sarkit.replies import all_replies

TESTS = Path(__file__).parent
ID_KEYS = {"reply": "reply", "follows": "letter", "letter_id": "letter", "letters": "letter"}
# Ids that tests use on purpose to show that an unknown id is refused.
# A download route names a letter too: /letters/dwp-sar.pdf (the pack and calendar are not letters).
LETTER_URL = re.compile(r"/letters/([a-z0-9-]+)\.(?:txt|html|pdf|docx)")
NOT_LETTERS = {"pack", "dates"}
MADE_UP = {
    "",
    "nope",
    "not-a-letter",
    "no-such-letter",
    "no-such-reply",
    "made-up",
    "example",
}  # test_documents builds a LetterDocument of its own, not from letters/


def _strings(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.List | ast.Tuple | ast.Set):
        return [s for element in node.elts for s in _strings(element)]
    return []


def named_ids(tree: ast.AST) -> list[tuple[str, str, int]]:
    """(kind, id, line) for every literal given to reply=, follows=, letter_id=, letters=."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found += [
                ("letter", m, node.lineno)
                for m in LETTER_URL.findall(node.value)
                if m not in NOT_LETTERS
            ]
        pairs: list[tuple[str, ast.AST]] = []
        if isinstance(node, ast.Call):
            pairs = [(k.arg, k.value) for k in node.keywords if k.arg]
        elif isinstance(node, ast.Dict):
            pairs = [
                (k.value, v)
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and isinstance(k.value, str)
            ]
        for key, value in pairs:
            if key in ID_KEYS:
                for text in _strings(value):
                    for one in text.split(","):
                        found.append((ID_KEYS[key], one.strip(), value.lineno))
    return found


def test_every_letter_and_reply_id_named_in_a_test_exists():
    known = {"letter": set(all_letters()), "reply": set(all_replies())}
    wrong = []
    for path in sorted(p for p in TESTS.rglob("*.py") if p.name != Path(__file__).name):
        for kind, one, line in named_ids(ast.parse(path.read_text(encoding="utf-8"))):
            if one not in known[kind] and one not in MADE_UP:
                wrong.append(f"{path.relative_to(TESTS)}:{line}: no {kind} has the id {one!r}")
    assert not wrong, "\n".join(wrong)


def test_the_check_finds_a_made_up_reply_id_and_letter_id():
    tree = ast.parse('walk(client, reply="asked-for-clarification")')
    assert named_ids(tree) == [("reply", "asked-for-clarification", 1)]
    tree = ast.parse('client.post("/letters/dwp-sars.pdf", data={"follows": "dwp-foi,sar"})')
    assert sorted(named_ids(tree)) == [
        ("letter", "dwp-foi", 1),
        ("letter", "dwp-sars", 1),
        ("letter", "sar", 1),
    ]
