-- What the latest Monthly Bulletin revised: USD figures that changed since the Preliminary Release
with latest as (
    select max(revised_publication_date) as published
    from marts.revisions
    where currency = 'USD' and measure = 'value'
)

select
    strftime(revisions.reference_month, '%Y-%m')                    as month,
    revisions.partner_code,
    revisions.flow,
    revisions.period_kind,
    round(revisions.previous_value / 1e9, 2)                       as previous_bn,
    round(revisions.revised_value / 1e9, 2)                        as revised_bn,
    round(revisions.revision_pct, 2)                                as revision_pct,
    revisions.revised_publication_date                              as revised_on
from marts.revisions as revisions
inner join latest on revisions.revised_publication_date = latest.published
where revisions.currency = 'USD'
  and revisions.measure = 'value'
order by abs(revisions.revision) desc, revisions.partner_code, revisions.flow, revisions.period_kind
limit 10
