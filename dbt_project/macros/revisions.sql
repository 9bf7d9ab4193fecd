{#- Every number of `relation` (a vintaged model) that changed from one vintage of its table
    to the next, typically the Preliminary Release → the Monthly Bulletin. `number_key` names
    one number across vintages; `number_columns` are the columns that describe it, in the
    mart's order, before the previous and revised value and the vintages they come from. -#}
{% macro vintage_revisions(relation, number_key, number_columns) -%}
    select
    {%- for column in number_columns %}
        {{ column }},
    {%- endfor %}
        previous_value,
        printed_value as revised_value,
        printed_value - previous_value as revision,
        {{ pct_change('printed_value', 'previous_value') }} as revision_pct,
        previous_release_kind,
        release_kind as revised_release_kind,
        previous_publication_date,
        publication_date as revised_publication_date,
        previous_vintage_order,
        vintage_order as revised_vintage_order,
        previous_release_key,
        previous_page_sha256,
        release_key as revised_release_key,
        page_sha256 as revised_page_sha256

    from (
        select
            *,
            lag(printed_value) over number_history as previous_value,
            lag(release_kind) over number_history as previous_release_kind,
            lag(publication_date) over number_history as previous_publication_date,
            lag(release_key) over number_history as previous_release_key,
            lag(page_sha256) over number_history as previous_page_sha256,
            lag(vintage_order) over number_history as previous_vintage_order

        from {{ relation }}
        window number_history as (
            partition by {{ number_key | join(', ') }}
            order by vintage_order
        )
    ) as with_previous
    where
        previous_value is not null
        and printed_value <> previous_value
{%- endmacro %}
