"""Gate 1's frames: the numbers of every page parsed and not yet accepted, against each other
and against what is already accepted.

The rules here are the ones across rows, pages and tables (a partner within the world, members
within their group, the two currency editions, the two sections, the year before); a page's
own arithmetic (total = export + import, the month within the year to date, no negative
value, no fall of more than 100%) is the parser's and is not repeated. Frames read the
temporary relations ``gate_scope`` (pages awaiting gate 1), ``gate_numbers`` (their numbers
plus every accepted number they may be compared with) and ``gate_pages``, which
``GATE1_SCOPE_SQL`` creates first.
"""

from __future__ import annotations

from customs_wh.quality.suite import FIGURE_ROUNDING, Frame, release_label

# The partners every GACC "by country/region" table has printed since 2018.
CORE_PARTNERS = ("WORLD", "EU", "USA", "ASEAN", "JPN", "HKG", "KOR", "TWN")

# A plausible revision of one number from the Preliminary Release to the Monthly Bulletin: the
# larger of this share of the preliminary figure and this amount (currency units, USD on the
# Bulletin). GACC's revisions are mostly nil and rarely above a few tenths of a percent
# (December 2025 year-to-date exports: USD 3,771,873.3 million preliminary, 3,771,842.4 million
# in the Bulletin, -0.0008%); a small partner's figure may move by a few million outright.
# The one definition of "plausible": the check's wording and the frame both read it.
PLAUSIBLE_REVISION_PCT = 2.0
PLAUSIBLE_REVISION_AMOUNT = 5_000_000


def figure_rounding(alias: str) -> str:
    """SQL: how far one printed figure of ``alias`` may be from the number, in page units.

    Half the rounding tolerance for a figure printed with one decimal (the preliminary
    pages), ten times that for a whole number (the Bulletin's US$1,000)."""
    return f"({FIGURE_ROUNDING} * power(10, 1 - {alias}.decimals))"


GATE1_SCOPE_SQL = """
create or replace temp table gate_scope as
select
    manifest.release_key,
    manifest.sha256,
    manifest.url,
    {label} as release
from raw.manifest as manifest
where manifest.status = 'landed'
    and manifest.gated_at is null
    and exists (
        select 1 from raw.observations as o
        where o.release_key = manifest.release_key and o.sha256 = manifest.sha256
    );

-- The pages in scope and every page already accepted: what new numbers are compared with.
create or replace temp table gate_numbers as
select
    observations.* exclude (loaded_at),
    {label} as release,
    observations.release_key || '|' || observations.sha256 as page,
    gate_scope.release_key is not null as in_scope
from raw.observations as observations
inner join raw.manifest as manifest
    on manifest.release_key = observations.release_key and manifest.sha256 = observations.sha256
left join gate_scope
    on gate_scope.release_key = observations.release_key and gate_scope.sha256 = observations.sha256
where manifest.status = 'landed'
    and (manifest.gated_at is not null or gate_scope.release_key is not null);

-- One row per page of gate_numbers, and for each the newest accepted page of the same table.
create or replace temp table gate_pages as
select distinct
    release_key, sha256, page, release, in_scope, section, currency, release_kind, reference_month,
    publication_date, vintage
from gate_numbers;
""".format(label=release_label("manifest"))

# For an in-scope page P, the newest other page Q matching a join condition (another
# currency edition, the other section, the previous release of the series ...).
_COUNTERPART = """
select p.page, arg_max(q.page, (q.reference_month, q.publication_date, q.vintage)) as counterpart
from gate_pages as p
inner join gate_pages as q on {condition}
where p.in_scope
group by p.page
"""

GATE1_FRAMES = (
    Frame(
        "observations",
        "Every number of the pages awaiting gate 1, as the parser produced it (the observation contract).",
        """
        select release, page, section, currency, unit, scale, reference_month, publication_date,
               partner, partner_code, parent_code, flow, measure, period_kind, period_start, value
        from gate_numbers
        where in_scope
        """,
    ),
    Frame(
        "partner_within_world",
        "Each partner's trade against the world's on the same page.",
        f"""
        select
            partner.release, partner.page, partner.partner_code, partner.flow, partner.period_kind,
            partner.value as partner_value, world.value as world_value,
            -- the partner and the world are each rounded: they may cross by the rounding of both
            world.value - partner.value + {figure_rounding("world")} + {figure_rounding("partner")} as headroom
        from gate_numbers as partner
        inner join gate_numbers as world
            on world.page = partner.page
            and world.partner_code = 'WORLD'
            and world.measure = 'value'
            and world.flow = partner.flow
            and world.period_kind = partner.period_kind
        where partner.in_scope and partner.measure = 'value' and partner.partner_code <> 'WORLD'
        """,
    ),
    Frame(
        "members_within_group",
        'The "of which" members printed under a group against the group, per page.',
        f"""
        with members as (
            select
                release, page, parent_code, flow, period_kind,
                sum(value) as members_value,
                count(*) as member_count,
                sum({figure_rounding("gate_numbers")}) as members_rounding,
                string_agg(partner_code, ',' order by partner_code) as members
            from gate_numbers
            where in_scope and measure = 'value' and parent_code is not null
            group by release, page, parent_code, flow, period_kind
        )
        select
            members.release, members.page, members.parent_code as group_code, members.flow,
            members.period_kind, members.members, members.members_value, grp.value as group_value,
            -- each printed member and the group may be off by a figure's rounding
            grp.value - members.members_value + members.members_rounding + {figure_rounding("grp")} as headroom
        from members
        inner join gate_numbers as grp
            on grp.page = members.page
            and grp.partner_code = members.parent_code
            and grp.measure = 'value'
            and grp.flow = members.flow
            and grp.period_kind = members.period_kind
        """,
    ),
    Frame(
        "partner_coverage",
        "Per page by country/region: core partners missing, and partners the previous release "
        "of the same table printed that this one does not.",
        """
        with pages as (
            select * from gate_pages where in_scope and section = 4
        ),
        core as (
            select unnest({core}) as partner_code
        ),
        present as (
            select distinct page, partner_code from gate_numbers where section = 4
        ),
        missing_core as (
            select pages.page, string_agg(core.partner_code, ',' order by core.partner_code) as missing
            from pages
            cross join core
            left join present on present.page = pages.page and present.partner_code = core.partner_code
            where present.partner_code is null
            group by pages.page
        ),
        previous as (
            {previous}
        ),
        dropped as (
            select previous.page, string_agg(before.partner_code, ',' order by before.partner_code) as dropped
            from previous
            inner join present as before on before.page = previous.counterpart
            left join present as now
                on now.page = previous.page and now.partner_code = before.partner_code
            where now.partner_code is null
            group by previous.page
        )
        select
            pages.release, pages.page,
            coalesce(missing_core.missing, '') as missing_core_partners,
            coalesce(len(string_split(missing_core.missing, ',')), 0) as missing_core_count,
            coalesce(dropped.dropped, '') as dropped_partners,
            coalesce(len(string_split(dropped.dropped, ',')), 0) as dropped_count
        from pages
        left join missing_core on missing_core.page = pages.page
        left join dropped on dropped.page = pages.page
        """.format(
            core="[" + ", ".join(f"'{code}'" for code in CORE_PARTNERS) + "]",
            previous=_COUNTERPART.format(
                condition="q.section = p.section and q.currency = p.currency and q.reference_month < p.reference_month"
            ),
        ),
    ),
    Frame(
        "currency_editions",
        "Each page against the newest accepted edition of the same table in the other currency: "
        "the CNY/USD rate each partner's figures imply, and the table's world rate.",
        """
        with pairs as (
            {pairs}
        ),
        compared as (
            select
                this.release, this.page, pairs.counterpart, this.partner_code, this.flow, this.period_kind,
                case when this.currency = 'CNY' then this.value * this.scale else other.value * other.scale end
                / nullif(
                    case when this.currency = 'USD' then this.value * this.scale else other.value * other.scale end, 0
                )
                    as cny_per_usd,
                least(this.value, other.value) as smaller_page_value
            from pairs
            inner join gate_numbers as this on this.page = pairs.page
            inner join gate_numbers as other
                on other.page = pairs.counterpart
                and other.partner_code = this.partner_code
                and other.flow = this.flow
                and other.measure = this.measure
                and other.period_kind = this.period_kind
            where this.measure = 'value'
        )
        select
            compared.*,
            world.cny_per_usd as world_cny_per_usd,
            100.0 * (compared.cny_per_usd / world.cny_per_usd - 1) as deviation_pct
        from compared
        inner join compared as world
            on world.page = compared.page
            and world.partner_code = 'WORLD'
            and world.flow = compared.flow
            and world.period_kind = compared.period_kind
        """.format(
            pairs=_COUNTERPART.format(
                condition="q.reference_month = p.reference_month and q.section = p.section "
                "and q.release_kind = p.release_kind and q.currency <> p.currency"
            )
        ),
    ),
    Frame(
        "section_totals",
        "The world total of the totals table (1) against the Total row of the table by country of the same "
        "product: the preliminary (4), the Bulletin's (2) (its (1) A and B).",
        """
        with pairs as (
            {pairs}
        )
        select
            this.release, this.page, pairs.counterpart, this.flow, this.period_kind,
            this.value as this_value, this.unit as this_unit, other.value as other_value, other.unit as other_unit,
            -- in currency units: the two tables may print different units (USD 100 Million, USD1 Million)
            this.value * this.scale - other.value * other.scale as difference,
            -- each figure is off by at most a figure's rounding, in its own unit
            abs(difference) - {this_rounding} * this.scale - {other_rounding} * other.scale as excess
        from pairs
        inner join gate_numbers as this on this.page = pairs.page
        inner join gate_numbers as other
            on other.page = pairs.counterpart
            and other.partner_code = 'WORLD'
            and other.flow = this.flow
            and other.measure = this.measure
            and other.period_kind = this.period_kind
        where this.partner_code = 'WORLD' and this.measure = 'value'
        """.format(
            pairs=_COUNTERPART.format(
                condition="q.reference_month = p.reference_month and q.currency = p.currency "
                "and q.release_kind = p.release_kind and q.section <> p.section"
            ),
            this_rounding=figure_rounding("this"),
            other_rounding=figure_rounding("other"),
        ),
    ),
    Frame(
        "growth_consistency",
        "The year-on-year % each page prints against its own figure and the same figure a year "
        "earlier (newest accepted page of that table).",
        """
        with pairs as (
            {pairs}
        )
        select
            growth.release, growth.page, pairs.counterpart, growth.partner_code, growth.flow, growth.period_kind,
            growth.value as printed_yoy_pct,
            100.0 * (this.value * this.scale / (prior.value * prior.scale) - 1) as computed_yoy_pct,
            -- The printed % is rounded, and so is each figure it compares (each in its own unit):
            -- the growth lies between the figures' extremes, exactly, not to first order. A partner
            -- printed as 1 (US$1,000) both years may have grown by anything from -67% to +200%.
            100.0 * ((this.value - {this_rounding}) * this.scale / ((prior.value + {prior_rounding}) * prior.scale) - 1)
                as lowest_yoy_pct,
            case when prior.value > {prior_rounding} then
                100.0 * (
                    (this.value + {this_rounding}) * this.scale / ((prior.value - {prior_rounding}) * prior.scale) - 1
                )
            end as highest_yoy_pct,
            greatest(printed_yoy_pct - coalesce(highest_yoy_pct, printed_yoy_pct), lowest_yoy_pct - printed_yoy_pct)
                - {growth_rounding} as excess_pp
        from pairs
        inner join gate_numbers as growth on growth.page = pairs.page and growth.measure = 'yoy_pct'
        inner join gate_numbers as this
            on this.page = growth.page
            and this.measure = 'value'
            and this.partner_code = growth.partner_code
            and this.flow = growth.flow
            and this.period_kind = growth.period_kind
        inner join gate_numbers as prior
            on prior.page = pairs.counterpart
            and prior.measure = 'value'
            and prior.partner_code = growth.partner_code
            and prior.flow = growth.flow
            and prior.period_kind = growth.period_kind
        where prior.value > 0 and this.value > 0
        """.format(
            pairs=_COUNTERPART.format(
                condition="q.section = p.section and q.currency = p.currency and q.reference_month = "
                "strftime(try_cast(p.reference_month || '-01' as date) - interval 12 month, '%Y-%m')"
            ),
            growth_rounding=figure_rounding("growth"),
            this_rounding=figure_rounding("this"),
            prior_rounding=figure_rounding("prior"),
        ),
    ),
    Frame(
        "vintage_agreement",
        "Each number of a Monthly Bulletin page against the same number of the Preliminary Release (the "
        "world total of table (1), each partner of table (4)): the revision and how large a revision is plausible.",
        f"""
        with bulletin as (
            select * from gate_numbers
            where in_scope and release_kind = 'monthly_bulletin' and measure = 'value'
        ),
        preliminary as (
            select
                page as counterpart, section as preliminary_section, currency, reference_month, partner_code,
                flow, period_kind, value * scale as preliminary_amount
            from gate_numbers
            where release_kind = 'preliminary' and measure = 'value'
            -- the headline table (1) for the world, else the table by country; its newest page
            qualify row_number() over (
                partition by currency, reference_month, partner_code, flow, period_kind
                order by section, publication_date desc, vintage desc
            ) = 1
        )
        select
            bulletin.release, bulletin.page, preliminary.counterpart, bulletin.partner_code, bulletin.flow,
            bulletin.period_kind, bulletin.reference_month, bulletin.currency, preliminary.preliminary_section,
            preliminary.preliminary_amount,
            bulletin.value * bulletin.scale as bulletin_amount,
            bulletin_amount - preliminary_amount as revision,
            greatest(
                {PLAUSIBLE_REVISION_PCT} / 100.0 * abs(preliminary_amount), {PLAUSIBLE_REVISION_AMOUNT}
            ) as plausible_revision,
            abs(revision) - plausible_revision as excess
        from bulletin
        inner join preliminary
            on preliminary.currency = bulletin.currency
            and preliminary.reference_month = bulletin.reference_month
            and preliminary.partner_code = bulletin.partner_code
            and preliminary.flow = bulletin.flow
            and preliminary.period_kind = bulletin.period_kind
        """,
    ),
)
