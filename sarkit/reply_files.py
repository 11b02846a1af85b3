"""Their answer as a file, read in memory into text for the reply reader.

Plain text, an email (.eml, the standard library's parser, with its PDF and image attachments),
a PDF through its text layer (pypdf), and scanned PDFs and photos (PNG, JPEG) through OCR:
Debian's Tesseract with English and Welsh, through tesserocr, which takes a PIL image in memory;
a scanned PDF page becomes an image with pypdfium2, in memory too.

Nothing is written to disk at any point: no temporary files, no caches (ARCHITECTURE.md,
Principle 2). There are limits on the size, the pages, the pixels and the time, each with a
sentence that says what to do. Domain code: no Flask here.
"""

from __future__ import annotations

import email
import email.policy
import io
import re
import time
from dataclasses import dataclass, field
from datetime import date
from email.message import EmailMessage
from email.utils import parsedate_to_datetime
from functools import cache
from pathlib import Path

MAX_BYTES = 10 * 1024 * 1024
MAX_PAGES = 10
MAX_SECONDS = 60.0
MAX_PIXELS = 40_000_000  # per image: an A4 page at 600 dpi is 35 million
MIN_TEXT_LAYER = 40  # characters: fewer on a PDF page, and the page is taken as a scan
OCR_DPI = 300
EXTENSIONS = (".txt", ".eml", ".pdf", ".png", ".jpg", ".jpeg")
TESSDATA_DIRS = ("/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata")
LANGUAGES = ("eng", "cym")
# Words common in Welsh and rare in English: when the English pass finds several, the page is
# read again in Welsh and both texts go to the reader (a letter from Wales may be bilingual).
WELSH_WORDS = frozenset(
    [
        "annwyl",
        "diolch",
        "eich",
        "gais",
        "cais",
        "gwybodaeth",
        "ydym",
        "rydym",
        "mae",
        "ein",
        "chi",
        "hwn",
        "hon",
        "neu",
        "gyda",
        "ddeddf",
        "rhyddid",
        "cyf",
        "dyddiad",
    ]
)


class ReadError(ValueError):
    """A file that cannot be read, in one sentence that says what to do instead."""


@dataclass
class Document:
    """The text of one answer, and what it took to read it."""

    text: str = ""
    sent: date | None = None  # an email's Date header
    pages: int = 0  # PDF pages and images read
    ocr_pages: int = 0  # of those, read by OCR
    parts: list[str] = field(default_factory=list)


class _Budget:
    """The time and pages one file may take, across its attachments."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds
        self.pages = 0

    def page(self) -> None:
        self.pages += 1
        if self.pages > MAX_PAGES:
            raise ReadError(
                f"This has more than {MAX_PAGES} pages. Send only the pages of their answer "
                "(usually the first one or two)."
            )
        self.check()

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise ReadError(_TOO_SLOW)

    def left_ms(self) -> int:
        return max(1, int((self.deadline - time.monotonic()) * 1000))


_TOO_SLOW = (
    "Reading this took too long. Try a clearer photo of the first page, or copy and paste "
    "the words of their answer."
)


def read_file(data: bytes, filename: str = "", *, seconds: float = MAX_SECONDS) -> Document:
    """The text of an answer from a file's bytes; the name's ending says what it is when its
    first bytes do not. Raises ReadError with a sentence to show the person."""
    if len(data) > MAX_BYTES:
        raise ReadError(
            f"This file is bigger than {MAX_BYTES // (1024 * 1024)} MB. Send a smaller photo, "
            "or only the pages of their answer."
        )
    if not data.strip():
        raise ReadError("This file is empty.")
    doc = Document()
    _read_into(doc, data, filename.lower(), _Budget(seconds))
    doc.text = "\n".join(p for p in doc.parts if p.strip())
    if not doc.text.strip():
        raise ReadError(
            "We could not find any words in this file. If it is a photo, try a clearer one "
            "in good light, or copy and paste the words of their answer."
        )
    return doc


def _kind(data: bytes, name: str) -> str:
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image"
    if data.startswith(b"\xff\xd8\xff"):
        return "image"
    if data[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc") or name.endswith(
        (".heic", ".heif")
    ):
        return "heic"
    if name.endswith(".eml") or _looks_like_email(data):
        return "eml"
    if name.endswith((".pdf", ".png", ".jpg", ".jpeg")):
        return "broken"
    if name and not name.endswith(".txt") and "." in Path(name).name:
        return "unknown"
    return "text"


def _looks_like_email(data: bytes) -> bool:
    head = data[:2000].decode("latin-1").lower()
    return all(f"\n{h}:" in "\n" + head for h in ("from", "date")) and (
        "\nsubject:" in "\n" + head or "\nmime-version:" in "\n" + head
    )


def _read_into(doc: Document, data: bytes, name: str, budget: _Budget) -> None:
    kind = _kind(data, name)
    if kind == "pdf":
        _read_pdf(doc, data, budget)
    elif kind == "image":
        budget.page()
        doc.pages += 1
        doc.ocr_pages += 1
        doc.parts.append(_ocr(_open_image(data), budget))
    elif kind == "eml":
        _read_email(doc, data, budget)
    elif kind == "text":
        doc.parts.append(decode_text(data))
    elif kind == "heic":
        raise ReadError(
            "We cannot read HEIC photos (the iPhone's own kind) yet. Take the photo again with "
            "the camera set to 'Most Compatible' (JPEG), or send a screenshot of it."
        )
    elif kind == "broken":
        raise ReadError(
            "This file is damaged, or is not what its name says. Try saving it again, or copy "
            "and paste the words of their answer."
        )
    else:
        raise ReadError(
            "We can read a text file, an email (.eml), a PDF, or a photo (JPEG or PNG). Save "
            "their answer as one of those, or copy and paste its words."
        )


def decode_text(data: bytes) -> str:
    """Text in UTF-8 (with or without its mark), else Windows' Western encoding."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


# --- email ---------------------------------------------------------------------------------------


def _read_email(doc: Document, data: bytes, budget: _Budget) -> None:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    if message["date"]:
        try:
            doc.sent = parsedate_to_datetime(str(message["date"])).date()
        except (TypeError, ValueError):
            doc.sent = None
    html: list[str] = []
    plain = False
    for part in message.walk():
        if part.is_multipart():
            continue
        content_type = part.get_content_type()
        payload = part.get_payload(decode=True)
        body = payload if isinstance(payload, bytes) else b""
        filename = (part.get_filename() or "").lower()
        if content_type == "text/plain" and not part.is_attachment():
            doc.parts.append(_part_text(part, body))
            plain = True
        elif content_type == "text/html" and not part.is_attachment():
            html.append(_html_text(_part_text(part, body)))
        elif content_type == "application/pdf" or filename.endswith(".pdf"):
            _read_pdf(doc, body, budget)
        elif content_type in ("image/png", "image/jpeg") or filename.endswith(
            (".png", ".jpg", ".jpeg")
        ):
            _read_into(doc, body, filename, budget)
        elif content_type == "message/rfc822":
            _read_email(doc, body, budget)
    if not plain:
        doc.parts.extend(html)


def _part_text(part: EmailMessage, body: bytes) -> str:
    charset = part.get_content_charset() or "utf-8"
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return decode_text(body)


def _html_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "head"]):
        tag.decompose()
    return soup.get_text("\n")


# --- PDF -----------------------------------------------------------------------------------------


def _read_pdf(doc: Document, data: bytes, budget: _Budget) -> None:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ReadError(
                "This PDF is locked with a password. Open it, print it to a new PDF, and send "
                "that, or copy and paste the words of their answer."
            )
        count = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, OSError) as error:
        if isinstance(error, ReadError):
            raise
        raise ReadError(
            "This PDF is damaged, so we cannot read it. Try saving it again, or copy and "
            "paste the words of their answer."
        ) from None
    if count > MAX_PAGES:
        raise ReadError(
            f"This PDF has {count} pages; we read up to {MAX_PAGES}. Send only the pages of "
            "their answer (usually the first one or two)."
        )
    scans: list[int] = []
    texts: list[str] = []
    for index, page in enumerate(reader.pages):
        budget.page()
        doc.pages += 1
        try:
            text = page.extract_text() or ""
        except Exception:  # a page pypdf cannot parse is read as a picture instead
            text = ""
        if len(text.strip()) < MIN_TEXT_LAYER:
            scans.append(index)
        texts.append(text)
    if scans:
        for index, image in zip(scans, _render_pages(data, scans), strict=True):
            doc.ocr_pages += 1
            texts[index] = _ocr(image, budget)
    doc.parts.extend(texts)


def _render_pages(data: bytes, indexes: list[int]) -> list[object]:
    """Those pages of a PDF as PIL images, rendered in memory."""
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        raise ReadError(
            "This PDF is damaged, so we cannot read it. Try saving it again, or copy and "
            "paste the words of their answer."
        ) from None
    try:
        images = []
        for index in indexes:
            page = pdf[index]
            width, height = page.get_size()
            scale = OCR_DPI / 72
            if width * height * scale * scale > MAX_PIXELS:
                scale = (MAX_PIXELS / (width * height)) ** 0.5
            images.append(page.render(scale=scale, grayscale=True).to_pil())
            page.close()
        return images
    finally:
        pdf.close()


# --- images and OCR ------------------------------------------------------------------------------


def _open_image(data: bytes) -> object:
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise ReadError(
                "This photo is too big to read. Send a smaller copy (most phones can share a "
                "'medium' or 'large' size)."
            )
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ReadError(
            "This picture is damaged, or is not a JPEG or PNG. Take the photo again, or copy "
            "and paste the words of their answer."
        ) from None
    return ImageOps.exif_transpose(image)


@cache
def tessdata() -> tuple[str, tuple[str, ...]]:
    """Debian's Tesseract data folder and the languages installed there (English first), or
    ReadError if Tesseract's English data is not installed."""
    for folder in TESSDATA_DIRS:
        path = Path(folder)
        found = tuple(lang for lang in LANGUAGES if (path / f"{lang}.traineddata").is_file())
        if "eng" in found:
            return str(path) + "/", found
    raise ReadError(
        "Reading photos and scanned letters is not set up on this server (Tesseract is "
        "missing). Copy and paste the words of their answer instead."
    )


def _ocr(image: object, budget: _Budget) -> str:
    """The words in a picture, by Tesseract, in memory, within the time left: in English, and
    in Welsh as well when the page looks Welsh."""
    from PIL import Image, ImageOps

    assert isinstance(image, Image.Image)
    budget.check()
    folder, languages = tessdata()
    grey = ImageOps.autocontrast(image.convert("L"), cutoff=1)
    if grey.width < 1600:  # a small photo: larger letters read better
        factor = 1600 / grey.width
        grey = grey.resize((1600, int(grey.height * factor)), Image.Resampling.LANCZOS)
    text = _slashed_zeros(_recognise(grey, folder, "eng", budget))
    words = {w.strip(".,:;()").lower() for w in text.split()}
    if "cym" in languages and len(words & WELSH_WORDS) >= 4:
        text += "\n" + _recognise(grey, folder, "cym", budget)
    return text


_MONTH_YEAR = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|"
    r"December)(\s+)2[89](\d\d)\b",
    re.IGNORECASE,
)


def _slashed_zeros(text: str) -> str:
    """A slashed zero (as in sarkit's own letter font, and many others) is read as 8 or 9:
    "22 November 2Ø26" comes out "2926". No letter is dated in the 2800s or 2900s, so a year
    after a month's name is put back."""
    return _MONTH_YEAR.sub(lambda m: f"{m[1]}{m[2]}20{m[3]}", text)


def _recognise(image: object, folder: str, language: str, budget: _Budget) -> str:
    import tesserocr

    # One block of text: Tesseract's own layout analysis drops whole paragraphs of a photo taken
    # a little askew, and a letter is one column of text anyway.
    with tesserocr.PyTessBaseAPI(path=folder, lang=language, psm=tesserocr.PSM.SINGLE_BLOCK) as api:
        api.SetImage(image)
        if not api.Recognize(timeout=budget.left_ms()):
            raise ReadError(_TOO_SLOW)
        text = api.GetUTF8Text()
    budget.check()
    return str(text)
