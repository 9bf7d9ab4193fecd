"""``customs-wh parse``: the numbers of saved release pages, one observation per line."""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from customs_wh.cli.app import app, err
from customs_wh.contracts import OBSERVATION_FIELDS, ParseError
from customs_wh.gacc.parse import parse_release


class ParseFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


# --- parse ------------------------------------------------------------------


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Saved GACC release pages (HTML).", exists=False)],
    format: Annotated[ParseFormat, typer.Option("--format", help="Output format.")] = ParseFormat.jsonl,
) -> None:
    """Print every published number of each page, one observation per line (README: observation contract).

    A page that cannot be parsed faithfully prints `error: FILE: reason` on stderr,
    nothing on stdout, and makes the exit status non-zero.
    """

    failed = 0
    writer = None
    if format is ParseFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=list(OBSERVATION_FIELDS), lineterminator="\n")
        writer.writeheader()
    for path in files:
        try:
            parsed = parse_release(path.read_bytes(), page=str(path))
        except OSError as exc:
            err.print(f"error: {path}: cannot read: {exc.strerror or exc}", markup=False)
            failed += 1
            continue
        except ParseError as exc:
            err.print(f"error: {path}: {exc.reason}", markup=False)
            failed += 1
            continue
        rows = [obs.to_dict() for obs in parsed.observations]
        if writer is not None:
            writer.writerows(rows)
        else:
            sys.stdout.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    sys.stdout.flush()
    if failed:
        raise typer.Exit(code=1)
