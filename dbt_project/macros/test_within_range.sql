{#- Every value of the column lies within [min_value, max_value] (either bound may be left
    out); null values are not judged (not_null says whether they may exist). -#}
{% test within_range(model, column_name, min_value=none, max_value=none) -%}
    {%- set below = column_name ~ ' < ' ~ min_value if min_value is not none else 'false' -%}
    {%- set above = column_name ~ ' > ' ~ max_value if max_value is not none else 'false' -%}
    select {{ column_name }} as offending_value
    from {{ model }}
    where {{ column_name }} is not null and ({{ below }} or {{ above }})
{%- endtest %}
