{#- Schemas are a contract with the Python stages and readers: `staging`, `intermediate`, `marts`
    exactly, never dbt's default `<target>_<custom>` prefixing. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
