"""Letters as print HTML, then PDF with WeasyPrint, loading only the project's own assets.

Two steps, as in GOV.UK Notify's letter renderer: `render_letter_html()` (testable without
WeasyPrint) then `html_to_pdf()`. The font configuration and the parsed stylesheet are made once
and reused (ARCHITECTURE.md, "WeasyPrint (version 70)": reuse FontConfiguration and CSS objects).
"""

from __future__ import annotations

import atexit
import mimetypes
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from sarkit import paths, settings
from sarkit.documents import LetterDocument, blocks_html, runs_html

ASSET_SCHEME = "sarkit-asset:"
LOGO = "letterhead-logo"
FONT_FILES = {
    "fonts/body-400.woff": "atkinson-hyperlegible-latin-400-normal.woff",
    "fonts/body-700.woff": "atkinson-hyperlegible-latin-700-normal.woff",
    "fonts/body-ext-400.woff": "atkinson-hyperlegible-latin-ext-400-normal.woff",
    "fonts/body-ext-700.woff": "atkinson-hyperlegible-latin-ext-700-normal.woff",
    "fonts/body-400-italic.woff": "atkinson-hyperlegible-latin-400-italic.woff",
}


class AssetMissing(RuntimeError):
    """A project asset the letters need is not there, or a document asked for one that is not
    allowed: fail the render, never print a gap."""


def asset_paths(logo: str | None = None) -> dict[str, Path]:
    """The only things the PDF renderer may load, by the name the CSS uses for them."""
    fonts = paths.NODE_MODULES / "@fontsource" / "atkinson-hyperlegible" / "files"
    assets = {name: fonts / file for name, file in FONT_FILES.items()}
    assets["letter.css"] = paths.LETTERS_DIR / "letter.css"
    logo = settings.read().org_logo if logo is None else logo
    if logo:  # the organisation's letterhead logo, set by whoever runs the site
        assets[LOGO] = Path(logo)
    return assets


def _fetcher_class():
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class ProjectAssetFetcher(URLFetcher):
        """Serves `sarkit-asset:` names from an allow-list; refuses file://, http(s) and data."""

        def __init__(self, allowed: dict[str, Path]):
            super().__init__(allowed_protocols=(), allow_redirects=False)
            self.allowed = allowed
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            name = url.removeprefix(ASSET_SCHEME) if url.startswith(ASSET_SCHEME) else None
            if name is None or name not in self.allowed:
                # Fatal, not a warning: WeasyPrint would otherwise leave a hole in the PDF
                # (a letterhead logo with no SARKIT_ORG_LOGO, say) and carry on.
                self.refused.append(url)
                raise FatalURLFetchingError(f"sarkit's PDF renderer does not load {url[:80]!r}")
            path = self.allowed[name]
            if not path.is_file():
                raise FatalURLFetchingError(f"Missing asset {name}: run `make setup`.")
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            if path.suffix == ".woff":
                mime = "font/woff"
            elif name == LOGO and mime not in ("image/png", "image/jpeg", "image/svg+xml"):
                raise FatalURLFetchingError("The letterhead logo must be a PNG, JPEG or SVG.")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return ProjectAssetFetcher


class PdfRenderer:
    """Holds WeasyPrint's set-up (fonts, parsed CSS, fetcher) so each PDF only lays out."""

    def __init__(self, allowed: dict[str, Path] | None = None):
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.allowed = allowed or asset_paths()
        missing = [name for name, path in self.allowed.items() if not path.is_file()]
        if missing:
            raise AssetMissing(f"Missing letter assets: {', '.join(missing)}. Run `make setup`.")
        self.fetcher = _fetcher_class()(self.allowed)
        self.fonts = FontConfiguration()
        self.stylesheet = CSS(
            url=ASSET_SCHEME + "letter.css", url_fetcher=self.fetcher, font_config=self.fonts
        )
        self.cache: dict = {}

    def html_to_pdf(self, html: str) -> bytes:
        """Lay out the HTML as a tagged A4 PDF (PDF/UA-1) with the project's CSS and fonts."""
        return self.htmls_to_pdf([html])

    def htmls_to_pdf(self, htmls: Sequence[str]) -> bytes:
        """Lay out each HTML document on its own, then join their pages into one tagged PDF
        (metadata from the first). Each keeps its own page numbers: WeasyPrint cannot restart
        counter(pages) inside one document (Kozea/WeasyPrint#93), so a pack's letters are laid
        out apart and each says "Page 1 of 2", not "Page 4 of 17"."""
        from weasyprint import HTML
        from weasyprint.urls import FatalURLFetchingError

        options = {
            "stylesheets": [self.stylesheet],
            "pdf_variant": "pdf/ua-1",
            "cache": self.cache,
            "uncompressed_pdf": False,
        }
        try:
            documents = [
                HTML(string=html, base_url=ASSET_SCHEME, url_fetcher=self.fetcher).render(
                    font_config=self.fonts, **options
                )
                for html in htmls
            ]
            joined = documents[0].copy([page for d in documents for page in d.pages])
            return joined.write_pdf(**options)
        except FatalURLFetchingError as error:
            raise AssetMissing(f"The letter could not be made: {error}") from error


@cache
def default_renderer() -> PdfRenderer:
    """One renderer per process: the set-up is the slow part, so it is shared."""
    # Drop it before interpreter shutdown: WeasyPrint's font configuration cleans up in
    # __del__, which fails once the modules it needs have been torn down.
    atexit.register(default_renderer.cache_clear)
    return PdfRenderer()


def html_to_pdf(html: str) -> bytes:
    return default_renderer().html_to_pdf(html)


def htmls_to_pdf(htmls: Sequence[str]) -> bytes:
    return default_renderer().htmls_to_pdf(htmls)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(paths.LETTERS_DIR)),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(blocks_html=blocks_html, runs_html=runs_html)
    return env


def render_letter_html(
    docs: Sequence[LetterDocument],
    *,
    title: str | None = None,
    cover: dict | None = None,
    styled: bool = False,
) -> str:
    """A whole print HTML document: an optional cover sheet, then each letter on new pages.

    `styled` puts the letter CSS inside it (the HTML download, which must look like the PDF
    when opened from a folder, with nothing to fetch); the PDF renderer adds its own."""
    template = _environment().get_template("_print.html")
    return template.render(
        docs=list(docs),
        title=title or docs[0].title,
        cover=cover,
        style=Markup(download_css()) if styled else "",
    )


@cache
def download_css() -> str:
    """The letter CSS for an HTML download: the print CSS without its fonts (they come through
    the PDF renderer's own fetcher, which a browser does not have; the fallback is a sans
    serif), and on screen a page-wide column like the paper."""
    css = (paths.LETTERS_DIR / "letter.css").read_text(encoding="utf-8")
    css = re.sub(r"@font-face\s*\{[^}]*\}\s*", "", css)
    if "</" in css:  # never the case; but a "</style>" would end the element early
        raise AssetMissing("letter.css must not contain '</'.")
    screen = (
        "@media screen { body { max-width: 170mm; margin: 10mm auto; padding: 0 6mm; }"
        " .letter, .cover { border-bottom: 0.3mm solid #777; padding-bottom: 10mm;"
        " margin-bottom: 10mm; } }"
    )
    return f"{css.strip()}\n{screen}\n"


def letter_fragment(doc: LetterDocument) -> str:
    """One letter as an HTML fragment, for previews inside the site's pages."""
    return _environment().get_template("_letter.html").render(doc=doc, heading_level=4)
