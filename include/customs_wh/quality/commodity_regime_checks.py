"""Gate 1 on the Monthly Bulletin's (17) Exports / (18) Imports of Selected Commodities by Major
Customs Regimes.

Their numbers land in ``raw.commodity_regime_observations``; :data:`SCOPE_SQL` adds their pages to
``gate_scope`` (pages awaiting gate 1) and builds ``commodity_regime_numbers``. It runs before the
commodity tables' scope (``commodity_checks.SCOPE_SQL``), so that their ``commodity_numbers``, the
(13)/(14) pages awaiting gate 1 and those accepted, are read over its months too. The page's own
reading (regime columns, change rows, sub-items) is the parser's; here each number's words and
period, and the cross-page rule: a commodity's four regimes, January to the month, add up to the
same commodity's January-to-month value in (13)/(14) of the same month (its newest page landed, the
same currency; matched by the commodity code both tables key their labels by, gacc/commodities.py),
within the rounding of the figures summed. A commodity (13)/(14) does not print, or a month whose
(13)/(14) has not landed, is not compared.
"""

from __future__ import annotations

from customs_wh.contracts import COMMODITY_FLOWS, COMMODITY_MEASURES, COMMODITY_REGIME_TABLES
from customs_wh.quality.gate1_frames import figure_rounding
from customs_wh.quality.suite import CRITICAL, Check, Frame, all_true, currency_allowed, page_scope_sql

MAJOR_REGIMES: tuple[str, ...] = ("GT", "PT", "BL", "OTR")  # gacc_structure_labels.csv, major_regime

SCOPE_SQL = page_scope_sql("commodity_regime_observations", "commodity_regime_numbers")

_FLOWS = " ".join(f"when '{code}' then '{flow}'" for code, flow in COMMODITY_REGIME_TABLES.items())
# The (13)/(14) section of each flow, whose commodity values the regimes must add up to.
_COMMODITY_SECTION = " ".join(
    f"when '{flow}' then {section}" for section, flow in COMMODITY_FLOWS.items() if section in (13, 14)
)

FRAMES = (
    Frame(
        "commodity_regime_observations",
        "Every number of the (17)/(18) pages awaiting gate 1, with whether its flow, regime, measure and "
        "period are ones its table and month can print.",
        f"""
        select
            release, page, table_code, commodity_code, regime_code, flow, measure, period_kind, period_start,
            reference_month, currency,
            coalesce(flow = case table_code {_FLOWS} end, false) as flow_matches_table,
            regime_code in ({", ".join(repr(code) for code in MAJOR_REGIMES)}) as regime_known,
            measure in ({", ".join(repr(measure) for measure in COMMODITY_MEASURES)}) as measure_known,
            coalesce(period_kind = 'ytd' and period_start = left(reference_month, 4) || '-01', false)
                as period_consistent
        from commodity_regime_numbers
        """,
    ),
    Frame(
        "commodity_regime_sums",
        "Each commodity of a (17)/(18) page awaiting gate 1: its regimes' January-to-month values added "
        "up, beside the same commodity's January-to-month value on (13)/(14) of the month (newest page).",
        f"""
        with regimes as (
            select
                release, page, table_code, flow, commodity_code, reference_month, currency,
                any_value(scale) as scale,
                sum(value) as regimes_value,
                count(*) as figures,
                max({figure_rounding("commodity_regime_numbers")}) as rounding
            from commodity_regime_numbers
            where measure = 'value' and period_kind = 'ytd'
            group by all
        ),
        commodity_table as (
            select
                section, commodity_code, reference_month, currency, value, scale, decimals,
                row_number() over (
                    partition by section, commodity_code, reference_month, currency order by vintage desc
                ) as newest_first
            from commodity_numbers
            where release_kind = 'monthly_bulletin' and measure = 'value' and period_kind = 'ytd'
                and period_end = reference_month
        )
        select
            regimes.release, regimes.page, regimes.table_code, regimes.flow, regimes.commodity_code,
            regimes.reference_month, regimes.regimes_value, commodities.value as commodity_table_value,
            abs(regimes.regimes_value * regimes.scale - commodities.value * commodities.scale)
                - (regimes.figures * regimes.rounding) * regimes.scale
                - {figure_rounding("commodities")} * commodities.scale as excess
        from regimes
        inner join commodity_table as commodities
            on commodities.section = case regimes.flow {_COMMODITY_SECTION} end
            and commodities.commodity_code = regimes.commodity_code
            and commodities.reference_month = regimes.reference_month
            and commodities.currency = regimes.currency
            and commodities.newest_first = 1
        """,
    ),
)

_ROW = ("release", "table_code", "commodity_code", "regime_code")


def _true(name: str, column: str, expected: str, describe: tuple[str, ...]) -> Check:
    return all_true(name, "commodity_regime_observations", column, expected, (*_ROW, *describe))


CHECKS: tuple[Check, ...] = (
    currency_allowed("commodity_regime_currency_allowed", "commodity_regime_observations", _ROW),
    _true("commodity_regime_flow_matches_table", "flow_matches_table", "(17) exports, (18) imports", ("flow",)),
    _true("commodity_regime_known", "regime_known", f"a major regime: {', '.join(MAJOR_REGIMES)}", ()),
    _true("commodity_regime_measure_known", "measure_known", f"one of {list(COMMODITY_MEASURES)}", ("measure",)),
    _true(
        "commodity_regime_periods_consistent",
        "period_consistent",
        "January to the month",
        ("period_kind", "period_start"),
    ),
    Check(
        "commodity_regimes_add_up_to_commodity_table",
        "commodity_regime_sums",
        CRITICAL,
        "a commodity's four regimes, January to the month = its January-to-month value in (13)/(14) of the "
        "same month, within the rounding of the figures summed",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="excess", max_value=0),
        ("release", "table_code", "commodity_code", "reference_month", "regimes_value", "commodity_table_value"),
    ),
)
