"""Packs on the command line: one person's, or a caseload's from a spreadsheet.

A batch reuses one PDF renderer (fonts and stylesheet parsed once) for every row, writes the
good rows, and reports each bad row by its line in the spreadsheet (the header is line 1).
"""

from __future__ import annotations

import contextlib
import csv
import sys
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

    def lines(self) -> list[str]:
        summary = f"Wrote {len(self.written)} pack(s); {len(self.failed)} row(s) need fixing."
        return [*self.failed, summary]


def write_pack(
    answers: Answers,
    letter_ids: list[str],
    output: Path,
    ics: Path | None,
    base_url: str,
    letterhead: Letterhead | None,
    catalogue: Catalogue | None = None,
) -> None:
    """Write one person's pack PDF, and the calendar if asked."""
    catalogue = catalogue or load_catalogue()
    pack = packs.build_pack(letter_ids, answers, catalogue, letterhead)
    output.write_bytes(render_documents(pack.docs, "pdf", cover=pack.cover, title="Your letters"))
    if ics:
        link = packs.return_link(base_url, answers, letter_ids)
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
    rows = _read_rows(csv_path, report)
    with _progress(rows, progress) as items:
        for line, row in items:
            try:
                answers, _ = packs.check_answers(row, letter_ids, catalogue)
                out = outdir / f"pack-line-{line:03d}.pdf"
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
