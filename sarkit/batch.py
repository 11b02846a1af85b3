"""Packs on the command line: one person's, or a caseload's from a spreadsheet.

A batch reuses one PDF renderer (fonts and stylesheet parsed once) for every row, writes the
good rows, and reports each bad row by its line in the spreadsheet (the header is line 1).
"""

from __future__ import annotations

import contextlib
import csv
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sarkit import packs
from sarkit.answers import Answers, AnswersError
from sarkit.letters import Letterhead
from sarkit.outputs import render_documents
from sarkit.profiles import Catalogue, load_catalogue


@dataclass
class BatchReport:
    written: list[Path] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        summary = f"Wrote {len(self.written)} pack(s); {len(self.failed)} row(s) need fixing."
        return [*self.warnings, *self.failed, summary]


NO_LINK_WARNING = (
    "The cover sheets and calendars have no link back to sarkit: {base_url} only works on this "
    "computer. Set SARKIT_BASE_URL (or --base-url) to the site's public address, like "
    "https://sarkit.example.org/."
)
# Long enough for any case reference and a surname; short enough for every file system.
NAME_LIMIT = 60


def safe_name(text: str) -> str:
    """Text as a file name any computer accepts: ASCII letters, digits, hyphens and
    underscores (Siân O'Brien-Jones -> Sian-OBrien-Jones; CA/2026/0042 -> CA-2026-0042)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    ascii_text = re.sub(r"['’]", "", ascii_text)
    return re.sub(r"[^A-Za-z0-9_]+", "-", ascii_text).strip("-_")[:NAME_LIMIT].strip("-_")


def pack_name(answers: Answers, line: int, taken: set[str]) -> str:
    """The pack's file name, without its suffix: by the adviser's case reference, else by the
    spreadsheet row and the surname; never one already given in this batch."""
    reference = safe_name(answers.adviser.reference) if answers.adviser else ""
    surname = safe_name(answers.name.split()[-1]) if answers.name.split() else ""
    name = (
        f"pack-{reference}"
        if reference
        else "-".join(filter(None, [f"pack-line-{line:03d}", surname]))
    )
    if name.lower() in taken:  # two rows with one reference: the row tells them apart
        name = f"{name}-line-{line:03d}"
    taken.add(name.lower())  # lower case: Windows and macOS file names ignore case
    return name


def write_pack(
    answers: Answers,
    letter_ids: list[str],
    output: Path,
    ics: Path | None,
    base_url: str,
    letterhead: Letterhead | None,
    catalogue: Catalogue | None = None,
) -> None:
    """Write one person's pack PDF, and the calendar if asked. The link back to the reply
    helper (on the cover and in the calendar) is left out when `base_url` is this computer's."""
    catalogue = catalogue or load_catalogue()
    local = packs.is_local_address(base_url)
    link = "" if local else packs.return_link(base_url, answers, letter_ids)
    pack = packs.build_pack(letter_ids, answers, catalogue, letterhead, return_link=link)
    output.write_bytes(render_documents(pack.docs, "pdf", cover=pack.cover, title="Your letters"))
    if ics:
        ics.write_bytes(packs.calendar(pack, answers, link))


def run_batch(
    csv_path: Path,
    letter_ids: list[str],
    outdir: Path,
    base_url: str,
    letterhead: Letterhead | None,
    progress: bool = False,
) -> BatchReport:
    """One pack (and .ics) per row; bad rows are reported and do not stop the good ones."""
    catalogue = load_catalogue()
    outdir.mkdir(parents=True, exist_ok=True)
    report = BatchReport()
    if packs.is_local_address(base_url):
        report.warnings.append(NO_LINK_WARNING.format(base_url=base_url))
    rows = _read_rows(csv_path, report)
    taken: set[str] = set()
    with _progress(rows, progress) as items:
        for line, row in items:
            try:
                answers, _ = packs.check_answers(row, letter_ids, catalogue)
                out = outdir / f"{pack_name(answers, line, taken)}.pdf"
                write_pack(
                    answers,
                    letter_ids,
                    out,
                    out.with_suffix(".ics"),
                    base_url,
                    letterhead,
                    catalogue,
                )
            except AnswersError as error:
                report.failed += [f"Line {line}: {e.field}: {e.message}" for e in error.errors]
            else:
                report.written.append(out)
    return report


def _read_rows(csv_path: Path, report: BatchReport) -> list[tuple[int, dict]]:
    try:
        with csv_path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            # Numbered as a spreadsheet shows rows: the header is 1, the first person 2, even
            # when an address cell holds line breaks.
            return [(n, _clean_row(row)) for n, row in enumerate(reader, start=2)]
    except FileNotFoundError:
        report.failed.append(f"There is no spreadsheet at {csv_path}.")
    except (UnicodeDecodeError, csv.Error) as error:
        report.failed.append(
            f"{csv_path} could not be read as a CSV file saved as UTF-8 ({error})."
        )
    return []


def _clean_row(row: dict) -> dict:
    """Drop empty cells and columns without a header, so they count as not given."""
    return {k.strip(): v for k, v in row.items() if k and isinstance(v, str) and v.strip()}


def _progress(rows, enabled: bool):
    """click's own progress bar, on the terminal only (never into a redirected log)."""
    if not enabled:
        return contextlib.nullcontext(rows)
    import click

    return click.progressbar(rows, label="Packs", file=sys.stderr)
