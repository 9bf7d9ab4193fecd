"""A parsed section (4) page as the stub parsers of the landing and page-parsing tests return it:
export values of the month, one observation per partner, in 100 million of its currency."""

from __future__ import annotations

from collections.abc import Sequence

from customs_wh.contracts import Observation, ParsedRelease

PUBLISHED = "2025-07-14"


def stub_release(
    month: str,
    partners: Sequence[tuple[str, str, str | None, float]],
    *,
    section: int = 4,
    currency: str = "USD",
    unmapped_labels: tuple[str, ...] = (),
) -> ParsedRelease:
    """``partners``: (label, code, parent code, value) of each row, in page order."""
    unit = f"{currency} 100 Million"
    common = dict(
        section=section,
        currency=currency,
        unit=unit,
        scale=100_000_000,
        reference_month=month,
        publication_date=PUBLISHED,
        flow="export",
        measure="value",
        period_kind="month",
        period_start=month,
    )
    return ParsedRelease(
        section=section,
        currency=currency,
        title="(4) stub",
        unit=unit,
        scale=100_000_000,
        reference_month=month,
        publication_date=PUBLISHED,
        observations=tuple(
            Observation(partner=label, partner_code=code, parent_code=parent, value=value, **common)
            for label, code, parent, value in partners
        ),
        unmapped_labels=unmapped_labels,
    )
