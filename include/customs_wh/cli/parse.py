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
from customs_wh.contracts import (
    BREAKDOWN_OBSERVATION_FIELDS,
    COMMODITY_OBSERVATION_FIELDS,
    COMMODITY_SECTIONS,
    OBSERVATION_FIELDS,
    TOTALS_AND_COUNTRY_SECTIONS,
    BreakdownObservation,
    CommodityObservation,
    PageContext,
    ParseError,
)
from customs_wh.gacc.parse import parse_release
from customs_wh.partner_contracts import EXCHANGE_RATE_FIELDS, PARTNER_OBSERVATION_FIELDS
from customs_wh.table_registry import BULLETIN_TABLES
from customs_wh.words import is_month


class ParseFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"


class Currency(StrEnum):
    CNY = "CNY"
    USD = "USD"


class Kind(StrEnum):
    preliminary = "preliminary"
    monthly_bulletin = "monthly_bulletin"


class Source(StrEnum):
    gacc = "gacc"
    census = "census"
    eurostat = "eurostat"
    hmrc = "hmrc"
    ecb = "ecb"


def _context(
    section: int | None, currency: Currency | None, month: str | None, kind: Kind | None, table: str | None = None
) -> PageContext | None:
    if section is not None and section not in (*TOTALS_AND_COUNTRY_SECTIONS, *COMMODITY_SECTIONS):
        raise typer.BadParameter(f"{section} is not a table this parser reads (1, 4, 5, 6)", param_hint="--section")
    codes = [spec.code for spec in BULLETIN_TABLES]
    if table is not None and table not in codes:
        raise typer.BadParameter(
            f"{table!r} is not a Monthly Bulletin table ({', '.join(codes)})", param_hint="--table"
        )
    if table is not None:
        kind = kind or Kind.monthly_bulletin
    if month is not None and not is_month(month):
        raise typer.BadParameter(f"{month!r} is not a month like 2026-03", param_hint="--month")
    if section is None and currency is None and month is None and kind is None:
        return None
    return PageContext(
        section=section,
        currency=currency.value if currency else None,
        reference_month=month,
        release_kind=kind.value if kind else None,
        table=table,
    )


# --- parse ------------------------------------------------------------------


@app.command()
def parse(
    files: Annotated[list[Path], typer.Argument(help="Saved GACC release pages (HTML).", exists=False)],
    format: Annotated[ParseFormat, typer.Option("--format", help="Output format.")] = ParseFormat.jsonl,
    section: Annotated[
        int | None, typer.Option("--section", help="The table the index lists the page as: 1, 4, 5 or 6.")
    ] = None,
    currency: Annotated[
        Currency | None, typer.Option("--currency", help="The currency the index lists the page in.")
    ] = None,
    month: Annotated[
        str | None, typer.Option("--month", help="The month the index links the page for, like 2026-03.")
    ] = None,
    kind: Annotated[
        Kind | None, typer.Option("--kind", help="The index that lists the page (dates its publication).")
    ] = None,
    table: Annotated[
        str | None, typer.Option("--table", help="The Monthly Bulletin table the index lists the page as, like 2.")
    ] = None,
    source: Annotated[
        Source, typer.Option("--source", help="Whose saved responses: GACC's pages, or a partner source's API answers.")
    ] = Source.gacc,
) -> None:
    """Print every published number of each page, one observation per line (README: observation contract).

    --section, --currency, --month, --kind and --table say what the index says of the page: a saved page with a bare title reads as the pipeline reads it. A saved Monthly Bulletin page (table (2)) reads by its own title.

    A page that cannot be parsed faithfully prints `error: FILE: reason` on stderr, nothing on stdout, and makes the exit status non-zero.
    """  # noqa: E501
    if source is not Source.gacc:
        _parse_partner_responses(files, source.value, format)
        return
    context = _context(section, currency, month, kind, table)
    failed = 0
    writer: csv.DictWriter | None = None
    for path in files:
        try:
            parsed = parse_release(path.read_bytes(), page=str(path), context=context)
        except OSError as exc:
            err.print(f"error: {path}: cannot read: {exc.strerror or exc}", markup=False)
            failed += 1
            continue
        except ParseError as exc:
            err.print(f"error: {path}: {exc.reason}", markup=False)
            failed += 1
            continue
        rows = [obs.to_dict() for obs in parsed.observations]
        if format is ParseFormat.csv:
            first = parsed.observations[:1]
            if any(isinstance(obs, CommodityObservation) for obs in first):
                fields = list(COMMODITY_OBSERVATION_FIELDS)
            elif any(isinstance(obs, BreakdownObservation) for obs in first):
                fields = list(BREAKDOWN_OBSERVATION_FIELDS)
            else:
                fields = list(OBSERVATION_FIELDS)
            if writer is None:
                writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
                writer.writeheader()
            elif list(writer.fieldnames) != fields:
                err.print(
                    f"error: {path}: tables of different contracts cannot share one CSV; "
                    "parse them separately or use --format jsonl",
                    markup=False,
                )
                failed += 1
                continue
            writer.writerows(rows)
        else:
            sys.stdout.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    sys.stdout.flush()
    if failed:
        raise typer.Exit(code=1)


def _parse_partner_responses(files: list[Path], source: str, format: ParseFormat) -> None:
    """``--source census|eurostat|hmrc|ecb``: the observations (ECB: the rates) of saved API answers."""
    from customs_wh.warehouse.partner_sources import parse_response

    fields = list(EXCHANGE_RATE_FIELDS if source == "ecb" else PARTNER_OBSERVATION_FIELDS)
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n") if format is ParseFormat.csv else None
    if writer is not None:
        writer.writeheader()
    failed = 0
    for path in files:
        try:
            parsed = parse_response(source, path.read_bytes(), str(path))
        except OSError as exc:
            err.print(f"error: {path}: cannot read: {exc.strerror or exc}", markup=False)
            failed += 1
            continue
        except ParseError as exc:
            err.print(f"error: {path}: {exc.reason}", markup=False)
            failed += 1
            continue
        rows = [row.to_dict() for row in parsed.rows]
        if writer is not None:
            writer.writerows(rows)
        else:
            sys.stdout.write("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))
    sys.stdout.flush()
    if failed:
        raise typer.Exit(code=1)
