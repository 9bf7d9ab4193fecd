{#- Every number of `relation` (a vintaged model) that changed from one vintage to the next,
    typically the Preliminary Release → the Monthly Bulletin. `number_key` names one number
    across vintages and `order_by` orders its vintages; `number_columns` are the columns that
    describe it, in the mart's order, before the previous and revised value and the vintages
    they come from. `value_column` is the value compared (printed_value within one table; in
    comparable units where the vintages are printed by different tables).

    With `rounding_column` (a column of `relation`: how far the two vintages' prints may differ
    through rounding alone), a revision is a difference beyond it; without it, any difference of
    the printed value. `extra_columns` are expressions placed after the revision. -#}
{% macro vintage_revisions(
    relation, number_key, number_columns, value_column='printed_value', order_by='vintage_order',
    rounding_column=none, extra_columns=[]
) -%}
    select
    {%- for column in number_columns %}
        {{ column }},
    {%- endfor %}
        previous_value,
        {{ value_column }} as revised_value,
        {{ value_column }} - previous_value as revision,
        {{ pct_change(value_column, 'previous_value') }} as revision_pct,
    {%- for column in extra_columns %}
        {{ column }},
    {%- endfor %}
        previous_release_kind,
        release_kind as revised_release_kind,
        previous_publication_date,
        publication_date as revised_publication_date,
        previous_vintage_order,
        {{ order_by }} as revised_vintage_order,
        previous_release_key,
        previous_page_sha256,
        release_key as revised_release_key,
        page_sha256 as revised_page_sha256

    from (
        select
            *,
            lag({{ value_column }}) over number_history as previous_value,
            lag(release_kind) over number_history as previous_release_kind,
            lag(publication_date) over number_history as previous_publication_date,
            lag(release_key) over number_history as previous_release_key,
            lag(page_sha256) over number_history as previous_page_sha256,
            lag({{ order_by }}) over number_history as previous_vintage_order

        from {{ relation }}
        window number_history as (
            partition by {{ number_key | join(', ') }}
            order by {{ order_by }}
        )
    ) as with_previous
    where
        previous_value is not null
    {%- if rounding_column %}
        and abs({{ value_column }} - previous_value) > {{ rounding_column }}
    {%- else %}
        and {{ value_column }} <> previous_value
    {%- endif %}
{%- endmacro %}
