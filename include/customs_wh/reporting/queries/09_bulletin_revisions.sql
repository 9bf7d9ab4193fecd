-- What did the Bulletin revise last month? Its pages, the numbers revised beyond rounding, the largest
with latest as (
    select max(reference_month) as month
    from marts.release_vintages
    where release_kind = 'monthly_bulletin' and is_current
),

largest as (
    select
        revised_release_key,
        arg_max(partner_code || ' ' || flow || ' ' || period_kind, abs(revision)) as largest_revision,
        max(abs(revision)) / 1e6                                                   as largest_revision_musd
    from marts.revisions
    where measure = 'value'
    group by revised_release_key
)

select
    strftime(pages.reference_month, '%Y-%m')     as month,
    pages.section,
    pages.currency,
    pages.publication_date                       as published,
    pages.observation_count                      as numbers_printed,
    pages.numbers_revised,
    largest.largest_revision,
    round(largest.largest_revision_musd, 1)      as largest_revision_musd
from marts.release_vintages as pages
inner join latest on pages.reference_month = latest.month
left join largest on pages.release_key = largest.revised_release_key
where pages.release_kind = 'monthly_bulletin' and pages.is_current
order by pages.section, pages.currency
