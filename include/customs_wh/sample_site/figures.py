"""What the totals table (1) and the table by country (4) print, in the model's unit.

Values are USD or CNY 100 million; the renderer prints USD tables by country in USD million.
"""

from __future__ import annotations

from dataclasses import dataclass

from customs_wh.sample_site.calibration import WORLD_PRELIMINARY_REVISIONS, cny_per_usd
from customs_wh.sample_site.months import parse_month
from customs_wh.sample_site.partners import COMPOSITION, FLOWS, PARTNERS, REST_OF_WORLD
from customs_wh.sample_site.series import MODEL_INDEX, TradeModel, revisions_for, trade_model


@dataclass(frozen=True)
class RowFigures:
    """One printed row: per flow (export, import, total, balance) the month and year-to-date values and %."""

    month: dict[str, float]
    ytd: dict[str, float]
    month_yoy: dict[str, float]
    ytd_yoy: dict[str, float]
    previous_month: dict[str, float]  # the month before (final figures): month-on-month %


def yoy_pct(current: float, previous: float) -> float:
    return (current / previous - 1) * 100


def leaf_values(
    model: TradeModel, reference_month: str, release_kind: str, currency: str
) -> dict[tuple[str, str], tuple[float, float, float, float, float]]:
    """Per (leaf, flow): (month, ytd, same month a year ago, ytd a year ago, month before), unrounded.

    A preliminary release prints its own month before the bulletin's corrections;
    earlier months and the previous year are always the final figures.
    """
    series = model.series(currency)
    index = MODEL_INDEX[reference_month]
    number = parse_month(reference_month)[1]
    first = index - number + 1
    corrections: dict[tuple[str, str], float] = {}
    if release_kind == "preliminary":
        for revision in revisions_for(reference_month):
            final = series[(revision.leaf, revision.flow)][index]
            delta = final * (revision.preliminary_over_final - 1)
            # The world total stands; the correction moves value between the partner
            # and the rest of the world.
            corrections[(revision.leaf, revision.flow)] = delta
            corrections[(REST_OF_WORLD, revision.flow)] = corrections.get((REST_OF_WORLD, revision.flow), 0.0) - delta
        for flow in FLOWS:
            # A world total the preliminary printed otherwise: the unlisted partners carry it.
            delta = WORLD_PRELIMINARY_REVISIONS.get((reference_month, flow), 0.0)
            if currency == "CNY":
                delta *= cny_per_usd(reference_month)
            corrections[(REST_OF_WORLD, flow)] = corrections.get((REST_OF_WORLD, flow), 0.0) + delta
    values = {}
    for key, monthly in series.items():
        month_value = monthly[index] + corrections.get(key, 0.0)
        ytd = sum(monthly[first:index]) + month_value
        values[key] = (month_value, ytd, monthly[index - 12], sum(monthly[first - 12 : index - 11]), monthly[index - 1])
    return values


def release_figures(reference_month: str, release_kind: str, currency: str) -> dict[str, RowFigures]:
    """Every printed row of a release by partner code (the totals table (1) prints the WORLD row)."""
    leaves = leaf_values(trade_model(), reference_month, release_kind, currency)
    rows = {}
    for partner in PARTNERS:
        sums = {flow: [0.0] * 5 for flow in FLOWS}
        for leaf, weight in COMPOSITION[partner.code]:
            for flow in FLOWS:
                for position, value in enumerate(leaves[(leaf, flow)]):
                    sums[flow][position] += weight * value
        sums["total"] = [e + i for e, i in zip(sums["export"], sums["import"], strict=True)]
        sums["balance"] = [e - i for e, i in zip(sums["export"], sums["import"], strict=True)]
        rows[partner.code] = RowFigures(
            month={flow: values[0] for flow, values in sums.items()},
            ytd={flow: values[1] for flow, values in sums.items()},
            month_yoy={flow: yoy_pct(values[0], values[2]) for flow, values in sums.items()},
            ytd_yoy={flow: yoy_pct(values[1], values[3]) for flow, values in sums.items()},
            previous_month={flow: values[4] for flow, values in sums.items()},
        )
    return rows
