"""Text as Markdown that shows exactly that text: what a person typed, or a page we quote.

Letters and reports are Markdown, and typed text goes into them. Escaping only inline
punctuation (links, emphasis) is not enough: line starts are structure too. "1990. was" would
become a numbered list starting at 1, four leading spaces a code block (dropped), `---` a rule,
and `&amp;` would print as "&". Here every such start is escaped, leading spaces are kept as
no-break spaces, and typed line breaks stay line breaks.

Hand-written because the Markdown libraries escape nothing of the kind: markdown-it parses, it
has no inverse, and its `escapeHtml` is for HTML.
"""

from __future__ import annotations

import re

# Every ASCII punctuation mark Markdown gives a meaning to, inline or at a line start; CommonMark
# lets a backslash escape any of them, so escaping one it would not use changes nothing shown.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&=-])")
_NUMBERED = re.compile(r"^(\d+)([.)])", re.MULTILINE)  # "1990." or "3)" at a line start
_LEADING_SPACES = re.compile(r"^[ \t]+", re.MULTILINE)
NO_BREAK_SPACE = "\u00a0"


def literal_markdown(text: str) -> str:
    """Markdown that renders as `text`, line for line."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = _NUMBERED.sub(r"\1\\\2", text)
    text = _LEADING_SPACES.sub(lambda m: NO_BREAK_SPACE * len(m.group(0).expandtabs(4)), text)
    paragraphs = re.split(r"\n[ \t\u00a0]*\n+", text)
    # Within a paragraph a typed line break is a hard break (a backslash before the newline).
    return "\n\n".join("\\\n".join(p.split("\n")) for p in paragraphs)
