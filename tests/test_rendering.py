"""The PDF renderer: A4, tagged, own fonts, and it loads nothing but the project's own assets."""

import subprocess
from pathlib import Path

import pytest

from sarkit.rendering import AssetMissing, PdfRenderer, asset_paths


@pytest.fixture(scope="module")
def renderer():
    return PdfRenderer()


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_info(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "info.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout


def pdf_fonts(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout


PAGE = '<html lang="en-GB"><head><title>T</title></head><body><p>{}</p></body></html>'


def test_pdf_is_tagged_a4_with_the_bundled_font_embedded(renderer, tmp_path):
    data = renderer.html_to_pdf(PAGE.format("Siân O’Brien-Jones"))
    info = pdf_info(data, tmp_path)
    assert "Tagged:          yes" in info
    assert "(A4)" in info
    fonts = pdf_fonts(data, tmp_path)
    embedded = [line for line in fonts.splitlines() if "+Letter" in line]
    assert embedded and all(" yes yes yes " in line for line in embedded)
    assert "Siân O’Brien-Jones" in pdf_text(data, tmp_path)


@pytest.mark.parametrize(
    "markup",
    [
        '<link rel="stylesheet" href="{local}.css">',
        '<style>@import url("{local}-import.css");</style>',
        '<style>body {{ background: url("file://{secret}"); }}</style>',
        '<img src="file://{secret}">',
        '<img src="{local}.png">',
        '<object data="file://{secret}"></object>',
        '<embed src="{local}-embed">',
        '<a href="file://{secret}" rel="attachment">attach</a>',
        "<img src=\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E\">",
        '<img src="sarkit-asset:letterhead-logo">',  # a logo with no SARKIT_ORG_LOGO set
    ],
)
def test_anything_but_our_own_assets_is_refused_and_fails_the_render(
    renderer, httpserver, tmp_path, markup
):
    """Nothing is fetched from files or the network, and a refused asset is an error: never a
    PDF with a hole where it should have been."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-FILE")
    local = httpserver.url_for("/x")
    html = (
        '<html lang="en"><head><title>T</title></head><body>'
        + markup.format(local=local, secret=secret)
        + "<p>Body text</p></body></html>"
    )
    renderer.fetcher.refused.clear()
    with pytest.raises(AssetMissing, match="does not load"):
        renderer.html_to_pdf(html)
    assert httpserver.log == [], "the renderer made an HTTP request"
    assert renderer.fetcher.refused


def test_a_frame_is_never_loaded_at_all(renderer, httpserver):
    html = PAGE.format(f'<iframe src="{httpserver.url_for("/frame")}"></iframe>')
    assert renderer.html_to_pdf(html).startswith(b"%PDF")
    assert httpserver.log == []


def test_a_letterhead_logo_is_printed_only_from_the_one_setting(tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    assert asset_paths(logo=str(logo))["letterhead-logo"] == logo
    assert "letterhead-logo" not in asset_paths(logo="")


def test_a_missing_project_asset_fails_the_render_instead_of_printing_a_gap(tmp_path):
    assets = asset_paths()
    assets["fonts/body-400.woff"] = tmp_path / "not-there.woff"
    with pytest.raises(AssetMissing, match="fonts/body-400.woff"):
        PdfRenderer(assets)
