"""Gate 1 on the commodity tables: the Preliminary Release's (5) China's major exports and (6)
imports by quantity and value, the Monthly Bulletin's (13) and (14) major export and import commodities.

Their numbers land in ``raw.commodity_observations``; :data:`SCOPE_SQL` adds their pages to
``gate_scope`` (pages awaiting gate 1) and builds ``commodity_numbers`` (their numbers plus the accepted
commodity numbers of the two years before, which they are compared with) and ``commodity_pages``. It
runs after the scope of the other tables (``gate1_frames.GATE1_SCOPE_SQL``), whose ``gate_numbers`` and
``gate_pages`` give China's total exports and imports for the commodity-within-world check (table (1)
for a preliminary page, the Bulletin's table (2) for a Bulletin page). A page's own arithmetic is the parser's.

Frames follow the conventions of ``suite.py``: ``release`` and ``page`` on every row, and
``counterpart`` where a row compares two pages.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from customs_wh.contracts import (
    BULLETIN_COMMODITY_SECTIONS,
    BULLETIN_PARTNER_SECTION,
    CNY_PER_USD_BAND,
    COMMODITY_FLOWS,
    COMMODITY_MEASURES,
    COMMODITY_SECTIONS,
    CURRENCIES,
    ROUNDING_TOLERANCE,
)
from customs_wh.quality.gate1_checks import RATE_DEVIATION_PCT
from customs_wh.quality.suite import (
    CRITICAL,
    FIGURE_ROUNDING,
    WARNING,
    Check,
    Frame,
    pages_awaiting_gate1_sql,
    release_label,
)
from customs_wh.words import YEAR_MONTH_PATTERN

# A unit value (value per unit of quantity) is "far outside its own history" when it is more
# than this factor from the median of the same commodity's unit values (same currency, unit
# and period kind) over the preceding two years, and more than UNIT_VALUE_ROBUST_Z robust
# standard deviations from it: prices move, but not tenfold in a month; a quantity printed
# in the wrong unit or a misplaced decimal does.
UNIT_VALUE_FACTOR = 3.0
UNIT_VALUE_ROBUST_Z = 6.0
UNIT_VALUE_HISTORY_MONTHS = 24
# Unit values of fewer earlier releases than this tell nothing about the commodity's own level.
UNIT_VALUE_MIN_HISTORY = 6


SCOPE_SQL = (
    pages_awaiting_gate1_sql("commodity_observations")
    + """
-- The pages in scope and the accepted pages they may be compared with: the other currency
-- edition, the previous release of the table, two years of unit values (a monthly run does
-- not read the whole history).
create or replace temp table commodity_numbers as
with horizon as (
    select strftime(min(try_cast(manifest.reference_month || '-01' as date)) - interval {months} month, '%Y-%m')
        as first_month
    from gate_scope
    inner join raw.manifest as manifest using (release_key, sha256)
)
select
    observations.* exclude (loaded_at),
    {label} as release,
    observations.release_key || '|' || observations.sha256 as page,
    gate_scope.release_key is not null as in_scope
from raw.commodity_observations as observations
inner join raw.manifest as manifest
    on manifest.release_key = observations.release_key and manifest.sha256 = observations.sha256
left join gate_scope
    on gate_scope.release_key = observations.release_key and gate_scope.sha256 = observations.sha256
where manifest.status = 'landed'
    and (manifest.gated_at is not null or gate_scope.release_key is not null)
    and observations.reference_month >= (select first_month from horizon);

create or replace temp table commodity_pages as
select distinct
    release_key, sha256, page, release, in_scope, section, currency, release_kind, reference_month,
    publication_date, vintage
from commodity_numbers;
""".format(label=release_label("manifest"), months=UNIT_VALUE_HISTORY_MONTHS + 1)
)

# For an in-scope commodity page P, the newest other commodity page Q matching a condition.
_COUNTERPART = """
select p.page, arg_max(q.page, (q.reference_month, q.publication_date, q.vintage)) as counterpart
from commodity_pages as p
inner join commodity_pages as q on {condition}
where p.in_scope
group by p.page
"""

_OTHER_EDITION = _COUNTERPART.format(
    condition="q.reference_month = p.reference_month and q.section = p.section "
    "and q.release_kind = p.release_kind and q.currency <> p.currency"
)

_YEAR_EARLIER = "strftime(try_cast({month} || '-01' as date) - interval 12 month, '%Y-%m')"

FRAMES = (
    Frame(
        "commodity_observations",
        "Every number of the commodity pages awaiting gate 1 (the commodity observation contract), "
        "with whether its flow and its period are the ones its table and month can print.",
        """
        select
            release, page, section, currency, commodity_code, flow, measure, period_kind, period_start,
            period_end, reference_month,
            coalesce(flow = case section {flows} end, false) as flow_matches_section,
            coalesce(
                case
                    when period_kind = 'month' then measure in ('value', 'quantity')
                        and period_start = period_end and period_end = reference_month
                    when period_kind = 'ytd' then period_start = left(period_end, 4) || '-01'
                        and (period_end = reference_month
                            or (period_end = {year_earlier} and measure in ('value', 'quantity')))
                end,
                false
            ) as period_consistent
        from commodity_numbers
        where in_scope
        """.format(
            flows=" ".join(f"when {section} then '{flow}'" for section, flow in COMMODITY_FLOWS.items()),
            year_earlier=_YEAR_EARLIER.format(month="reference_month"),
        ),
    ),
    Frame(
        "commodity_pages_as_listed",
        "Each commodity page awaiting gate 1 against its index listing (raw.manifest): every number's "
        "table, month and currency the ones it was listed (or, a Bulletin table, loaded) as.",
        """
        select
            numbers.release, numbers.page, numbers.release_kind, numbers.section, numbers.reference_month,
            numbers.currency, manifest.section as listed_section, manifest.table_code as listed_table,
            manifest.reference_month as listed_month, manifest.currency as listed_currency,
            count(*) as numbers,
            coalesce(
                numbers.section = manifest.section
                and numbers.reference_month = manifest.reference_month
                and numbers.currency = manifest.currency
                and case numbers.release_kind
                    when 'monthly_bulletin' then numbers.section in ({bulletin})
                        and manifest.table_code = cast(numbers.section as varchar)
                    else numbers.section in ({preliminary}) and manifest.table_code is null
                end,
                false
            ) as as_listed
        from commodity_numbers as numbers
        inner join raw.manifest as manifest
            on manifest.release_key = numbers.release_key and manifest.sha256 = numbers.sha256
        where numbers.in_scope
        group by all
        """.format(
            bulletin=", ".join(map(str, BULLETIN_COMMODITY_SECTIONS)),
            preliminary=", ".join(map(str, COMMODITY_SECTIONS)),
        ),
    ),
    Frame(
        "commodity_quantity_presence",
        "Per page, commodity and period: whether a quantity unit is printed, and the quantities printed.",
        """
        select
            release, page, commodity_code, commodity, period_kind, period_end,
            max(quantity_unit) as quantity_unit,
            count(*) filter (where measure = 'value') as values_printed,
            count(*) filter (where measure = 'quantity') as quantities_printed,
            count(*) filter (where measure = 'quantity_yoy_pct') as quantity_growth_printed,
            case
                when max(quantity_unit) is not null then quantities_printed = values_printed
                else quantities_printed = 0 and quantity_growth_printed = 0
            end as quantity_as_printed
        from commodity_numbers
        where in_scope
        group by release, page, commodity_code, commodity, period_kind, period_end
        """,
    ),
    Frame(
        "commodity_currency_editions",
        "Each commodity value against the newest accepted edition of the same table in the other "
        "currency: the CNY/USD rate it implies, against the median rate of the table for the period.",
        f"""
        with pairs as (
            {_OTHER_EDITION}
        ),
        compared as (
            select
                this.release, this.page, pairs.counterpart, this.commodity_code, this.commodity,
                this.period_kind, this.period_end, this.value as this_value, other.value as other_value,
                case when this.currency = 'CNY' then this.value * this.scale else other.value * other.scale end
                    / case when this.currency = 'USD' then this.value * this.scale else other.value * other.scale end
                    as cny_per_usd,
                -- how far the rounding of the two printed figures alone can move the rate, in %
                100.0 * {FIGURE_ROUNDING} * (1 / this.value + 1 / other.value) as rounding_pct
            from pairs
            inner join commodity_numbers as this on this.page = pairs.page
            inner join commodity_numbers as other
                on other.page = pairs.counterpart
                and other.commodity_code = this.commodity_code
                and other.measure = this.measure
                and other.period_kind = this.period_kind
                and other.period_end = this.period_end
            where this.measure = 'value' and this.value > 0 and other.value > 0
        ),
        table_rates as (
            select page, period_kind, period_end, median(cny_per_usd) as table_cny_per_usd
            from compared
            group by page, period_kind, period_end
        )
        select
            compared.*,
            table_rates.table_cny_per_usd,
            100.0 * (compared.cny_per_usd / table_rates.table_cny_per_usd - 1) as deviation_pct,
            abs(deviation_pct) - ({RATE_DEVIATION_PCT} + compared.rounding_pct) as excess_pct
        from compared
        inner join table_rates using (page, period_kind, period_end)
        """,
    ),
    Frame(
        "commodity_edition_quantities",
        "Each commodity's quantity, quantity unit and quantity growth against the other currency "
        "edition of the same table: quantities do not depend on the currency.",
        f"""
        with pairs as (
            {_OTHER_EDITION}
        ),
        rows_printed as (
            select
                page, release, commodity_code, commodity, period_kind, period_end,
                max(quantity_unit) as quantity_unit,
                max(value) filter (where measure = 'value') as value,
                max(value) filter (where measure = 'quantity') as quantity,
                max(value) filter (where measure = 'quantity_yoy_pct') as quantity_yoy_pct
            from commodity_numbers
            where page in (select page from pairs) or page in (select counterpart from pairs)
            group by page, release, commodity_code, commodity, period_kind, period_end
        )
        select
            this.release, this.page, pairs.counterpart, this.commodity_code, this.commodity, this.period_kind,
            this.period_end, this.quantity_unit, other.quantity_unit as other_quantity_unit,
            this.quantity, other.quantity as other_quantity,
            coalesce(
                abs(this.quantity - other.quantity) <= {ROUNDING_TOLERANCE},
                this.quantity is null and other.quantity is null
            )
                and coalesce(
                    abs(this.quantity_yoy_pct - other.quantity_yoy_pct) <= {ROUNDING_TOLERANCE},
                    this.quantity_yoy_pct is null and other.quantity_yoy_pct is null
                )
                and lower(this.quantity_unit) is not distinct from lower(other.quantity_unit) as editions_agree
        from pairs
        inner join rows_printed as this on this.page = pairs.page
        inner join rows_printed as other
            on other.page = pairs.counterpart
            and other.commodity_code = this.commodity_code
            and other.period_kind = this.period_kind
            and other.period_end = this.period_end
        where this.value is not null and other.value is not null
        """,
    ),
    Frame(
        "commodity_within_world",
        "Each commodity value against China's total exports or imports for the same period and "
        "currency, from the same release kind where it prints them: the Preliminary Release's totals "
        "table (1) (else (4)'s Total row), the Bulletin's table (2) TOTAL row.",
        f"""
        with periods as (
            select distinct page, currency, release_kind, period_end
            from commodity_numbers
            where in_scope and measure = 'value'
        ),
        world_pages as (
            select
                periods.page, periods.period_end,
                arg_max(
                    world.page,
                    (
                        world.release_kind = periods.release_kind, world.section in (1, {BULLETIN_PARTNER_SECTION}),
                        world.publication_date, world.vintage
                    )
                ) as counterpart
            from periods
            inner join gate_pages as world
                on world.section in (1, 4, {BULLETIN_PARTNER_SECTION})
                and world.currency = periods.currency
                and world.reference_month = periods.period_end
            group by periods.page, periods.period_end
        )
        select
            commodity.release, commodity.page, world_pages.counterpart, commodity.commodity_code,
            commodity.commodity, commodity.flow, commodity.period_kind, commodity.period_end,
            commodity.value * commodity.scale / 1e9 as commodity_bn,
            world.value * world.scale / 1e9 as world_bn,
            world.value * world.scale - commodity.value * commodity.scale
                + {ROUNDING_TOLERANCE} * greatest(world.scale, commodity.scale) as headroom
        from world_pages
        inner join commodity_numbers as commodity
            on commodity.page = world_pages.page
            and commodity.period_end = world_pages.period_end
            and commodity.measure = 'value'
        inner join gate_numbers as world
            on world.page = world_pages.counterpart
            and world.partner_code = 'WORLD'
            and world.measure = 'value'
            and world.flow = commodity.flow
            and world.period_kind = commodity.period_kind
        """,
    ),
    Frame(
        "commodity_unit_values",
        "Each commodity's unit value (value per unit of quantity) on the pages awaiting gate 1, "
        "against the same commodity's unit values over the preceding two years (same currency, "
        "quantity unit and period kind).",
        f"""
        with unit_values as (
            select
                page, release, in_scope, currency, commodity_code, commodity, flow, lower(quantity_unit) as unit_key,
                quantity_unit, period_kind, period_end, try_cast(reference_month || '-01' as date) as reference_date,
                -- a quantity printed as 0 (the Bulletin's whole units round a small one down) gives none
                max(value * scale) filter (where measure = 'value')
                    / nullif(max(value) filter (where measure = 'quantity'), 0) as unit_value,
                ln(unit_value) as log_unit_value
            from commodity_numbers
            where period_end = reference_month and quantity_unit is not null and measure in ('value', 'quantity')
            group by all
            having unit_value > 0
        ),
        judged as (
            -- Window aggregates over the months before the page's own, so that a backfill, where
            -- every page is new, judges each page against those before it.
            select
                *,
                count(*) over earlier as history,
                median(log_unit_value) over earlier as median_log,
                -- a robust standard deviation: the interquartile range / 1.349
                (quantile_cont(log_unit_value, 0.75) over earlier - quantile_cont(log_unit_value, 0.25) over earlier)
                    / 1.349 as robust_sd
            from unit_values
            window earlier as (
                partition by currency, commodity_code, flow, unit_key, period_kind
                order by reference_date
                range between interval {UNIT_VALUE_HISTORY_MONTHS} month preceding and interval 1 month preceding
            )
        )
        select
            release, page, commodity_code, commodity, period_end as month, period_kind, quantity_unit, unit_value,
            exp(median_log) as usual_unit_value,
            log_unit_value - median_log as log_deviation,
            abs(log_deviation) <= {math.log(UNIT_VALUE_FACTOR)}
                or abs(log_deviation) <= {UNIT_VALUE_ROBUST_Z} * robust_sd as within_history
        from judged
        where in_scope and history >= {UNIT_VALUE_MIN_HISTORY}
        """,
    ),
    Frame(
        "commodity_quantity_units",
        "Each commodity's quantity unit against the one the previous release of the same table printed.",
        """
        with previous as (
            {previous}
        ),
        units as (
            select distinct page, release, commodity_code, commodity, reference_month, quantity_unit
            from commodity_numbers
            where period_end = reference_month
        )
        select
            this.release, this.page, this.commodity_code, this.commodity, this.reference_month as month,
            -- "-" where only a value is printed, as GACC prints it
            coalesce(earlier.quantity_unit, '-') as previous_quantity_unit,
            coalesce(this.quantity_unit, '-') as quantity_unit,
            lower(this.quantity_unit) is not distinct from lower(earlier.quantity_unit) as unit_unchanged
        from previous
        inner join units as this on this.page = previous.page
        inner join units as earlier
            on earlier.page = previous.counterpart and earlier.commodity_code = this.commodity_code
        """.format(
            previous=_COUNTERPART.format(
                condition="q.section = p.section and q.currency = p.currency and q.reference_month < p.reference_month"
            )
        ),
    ),
)

_ROW = ("release", "commodity_code", "period_kind", "period_end")


def _in_set(column: str, values: Iterable[object]) -> Check:
    return Check(
        f"commodity_{column}_allowed",
        "commodity_observations",
        CRITICAL,
        f"{column} in {list(values)}",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column=column, value_set=list(values)),
        ("release", "commodity_code", column),
    )


CHECKS: tuple[Check, ...] = (
    _in_set("currency", CURRENCIES),
    _in_set("measure", COMMODITY_MEASURES),
    _in_set("period_kind", ("month", "ytd")),
    Check(
        "commodity_page_as_listed",
        "commodity_pages_as_listed",
        CRITICAL,
        "the table, month and currency the index listed (a Bulletin table: loaded) the page as",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="as_listed", value_set=[True]),
        ("release", "section", "reference_month", "currency", "listed_table", "listed_month", "listed_currency"),
    ),
    Check(
        "commodity_flow_matches_section",
        "commodity_observations",
        CRITICAL,
        "tables (5) and (13) print exports, (6) and (14) imports",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="flow_matches_section", value_set=[True]),
        ("release", "commodity_code", "section", "flow"),
    ),
    Check(
        "commodity_reference_month_is_a_month",
        "commodity_observations",
        CRITICAL,
        "reference_month like 2025-06",
        lambda gxe: gxe.ExpectColumnValuesToMatchRegex(column="reference_month", regex=YEAR_MONTH_PATTERN),
        ("release", "commodity_code", "reference_month"),
    ),
    Check(
        "commodity_periods_consistent",
        "commodity_observations",
        CRITICAL,
        "the month, January to the month, or January to the same month a year earlier (value and quantity)",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="period_consistent", value_set=[True]),
        ("release", "commodity_code", "measure", "period_kind", "period_start", "period_end"),
    ),
    Check(
        "commodity_quantity_where_unit_printed",
        "commodity_quantity_presence",
        CRITICAL,
        "a quantity beside every value where a quantity unit is printed, and none where it is not",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="quantity_as_printed", value_set=[True]),
        (*_ROW, "quantity_unit", "values_printed", "quantities_printed"),
    ),
    Check(
        "commodity_cny_usd_rate_plausible",
        "commodity_currency_editions",
        CRITICAL,
        f"the CNY and USD editions imply {CNY_PER_USD_BAND[0]}–{CNY_PER_USD_BAND[1]} CNY per USD",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(
            column="table_cny_per_usd", min_value=CNY_PER_USD_BAND[0], max_value=CNY_PER_USD_BAND[1]
        ),
        ("release", "period_kind", "period_end", "table_cny_per_usd"),
    ),
    Check(
        "commodity_cny_usd_editions_agree",
        "commodity_currency_editions",
        CRITICAL,
        f"each commodity's CNY/USD ratio within {RATE_DEVIATION_PCT}% of the table's (plus rounding)",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="excess_pct", max_value=0),
        (*_ROW, "this_value", "other_value", "cny_per_usd", "table_cny_per_usd"),
    ),
    Check(
        "commodity_editions_quantities_agree",
        "commodity_edition_quantities",
        CRITICAL,
        f"the same quantity, unit and quantity growth in both currency editions (±{ROUNDING_TOLERANCE})",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="editions_agree", value_set=[True]),
        (*_ROW, "quantity", "other_quantity", "quantity_unit", "other_quantity_unit"),
    ),
    Check(
        "commodity_within_world",
        "commodity_within_world",
        CRITICAL,
        "no commodity above China's total exports or imports for the same period",
        lambda gxe: gxe.ExpectColumnValuesToBeBetween(column="headroom", min_value=0),
        ("release", "commodity_code", "flow", "period_kind", "period_end", "commodity_bn", "world_bn"),
    ),
    Check(
        "commodity_unit_value_within_history",
        "commodity_unit_values",
        WARNING,
        f"unit value within {UNIT_VALUE_FACTOR:g}× (or {UNIT_VALUE_ROBUST_Z:g} robust standard deviations) "
        f"of the commodity's median over the preceding {UNIT_VALUE_HISTORY_MONTHS} months",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="within_history", value_set=[True]),
        ("release", "commodity", "month", "period_kind", "quantity_unit", "unit_value", "usual_unit_value"),
    ),
    Check(
        "commodity_quantity_unit_unchanged",
        "commodity_quantity_units",
        WARNING,
        "the quantity unit the previous release of the table printed",
        lambda gxe: gxe.ExpectColumnValuesToBeInSet(column="unit_unchanged", value_set=[True]),
        ("release", "commodity", "month", "previous_quantity_unit", "quantity_unit"),
    ),
)
