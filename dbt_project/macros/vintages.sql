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
