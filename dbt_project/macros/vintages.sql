{#- The vintage of a figure made of several printed numbers (the flows of a month, the months of
    a window): the least verified of theirs, 'preliminary' while any of them is preliminary,
    'monthly_bulletin' once every one is the Bulletin's. An aggregate; `over` makes it a window
    aggregate ("over last_twelve_months"). -#}
{% macro least_verified_release_kind(column, over='') -%}
    case
        when bool_or({{ column }} = 'preliminary') {{ over }} then 'preliminary'
        else max({{ column }}) {{ over }}
    end
{%- endmacro %}


{#- The tables that print the same numbers (seed gacc_number_tables, joined as `number_tables` to
    `vintaged`): the family a table's numbers belong to and the table's priority within it. A
    table the seed does not list yet is a family of its own and ranks after the listed ones. -#}
{% macro number_family() -%}
    coalesce(number_tables.number_family, 'section_' || vintaged.section)
{%- endmacro %}

{% macro table_priority() -%}
    coalesce(number_tables.table_priority, 100 + vintaged.section)
{%- endmacro %}


{#- True for the rows of the newest release kind that printed numbers of `partition` (a family,
    a currency and a month, say): once the Monthly Bulletin prints them, its numbers replace the
    Preliminary Release's whole, never number by number. A `qualify` condition. -#}
{% macro of_the_newest_release_kind(partition) -%}
    (release_kind = 'monthly_bulletin')
    = max(release_kind = 'monthly_bulletin') over (partition by {{ partition | join(', ') }})
{%- endmacro %}


{#- One print per vintage of each number (`number_key`, columns): where one release kind's
    publication of one date prints the number in several tables, the table of lowest priority,
    of its pages the newest; of tables alike (the Bulletin's (1) A and B both print the year to
    date), the first by its key, so that every build names the same page. A `qualify` clause. -#}
{% macro one_print_per_vintage(number_key) -%}
    qualify row_number() over (
        partition by {{ number_key | join(', ') }}, release_kind, publication_date
        order by table_priority asc, vintage_order desc, release_key asc
    ) = 1
{%- endmacro %}


{#- The windows over each number's vintages (`number_key`, columns): `number_key`, all of them,
    and `number_history`, in the order they were published (on one date, the Preliminary
    Release before the Monthly Bulletin; then page by page). A `window` clause. -#}
{% macro number_history_windows(number_key) -%}
    window
        number_key as (partition by {{ number_key | join(', ') }}),
        number_history as (
            partition by {{ number_key | join(', ') }}
            order by publication_date, release_kind = 'monthly_bulletin', vintage_order
        )
{%- endmacro %}


{#- The pages whose numbers the marts read: landed, through gate 1, and each release's newest such
    page (newest_first = 1); join them on release_key and page_sha256. -#}
{% macro accepted_pages() -%}
    select
        release_key,
        page_sha256,
        row_number() over (partition by release_key order by release_vintage desc) as newest_first

    from {{ ref('stg_gacc__manifest') }}
    where page_status = 'landed' and gated_at is not null
{%- endmacro %}
