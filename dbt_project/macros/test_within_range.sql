{#- Every value of the column lies within [min_value, max_value] (either bound may be left
    out); null values are not judged (not_null says whether they may exist). -#}
{% test within_range(model, column_name, min_value=none, max_value=none) %}
    select {{ column_name }} as offending_value
    from {{ model }}
    where {{ column_name }} is not null
        and (
            false
            {%- if min_value is not none %} or {{ column_name }} < {{ min_value }}{% endif %}
            {%- if max_value is not none %} or {{ column_name }} > {{ max_value }}{% endif %}
        )
{% endtest %}
