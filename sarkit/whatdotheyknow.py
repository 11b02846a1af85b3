"""Making an FOI request in public on WhatDoTheyKnow (Alaveteli), pre-filled by URL.

ARCHITECTURE.md, "WhatDoTheyKnow": `/new/<body url_name>?title=…&default_letter=…`, where the
letter is the text between "Dear …," and "Yours faithfully,". Everything there is published, so
the text is rebuilt from the letter's body with no personal details (the FOI letter holds none
but the name and the reply address, which are in the sender block and the closing lines, not
sent).
"""

from __future__ import annotations

import urllib.parse

from sarkit.documents import LetterDocument, block_text

BASE = "https://www.whatdotheyknow.com"
BODIES = {False: "dwp", True: "dfc"}  # url_name for DWP, and DfC in Northern Ireland


# Paragraphs that are about this letter's own delivery, not the request: WhatDoTheyKnow sends
# by email and shows its own due date, and replies come back through it.
NOT_PUBLIC = (
    "Please reply",
    "Please send your reply",
    "You can reply",
    "I am sending it",
    "I would like to receive the information",
)


def public_text(doc: LetterDocument) -> str:
    """The request's body without the lines about how it is sent and where to reply."""
    blocks = [b for b in doc.body if not b.text.startswith(NOT_PUBLIC)]
    return "\n\n".join(block_text(b, False) for b in blocks)


def public_request_link(doc: LetterDocument) -> dict:
    """The title, text and pre-filled link for a public request on WhatDoTheyKnow."""
    ni = bool(doc.extra.get("northern_ireland"))
    text = public_text(doc)
    query = urllib.parse.urlencode(
        {"title": doc.subject, "default_letter": text}, quote_via=urllib.parse.quote
    )
    return {"title": doc.subject, "text": text, "url": f"{BASE}/new/{BODIES[ni]}?{query}"}
