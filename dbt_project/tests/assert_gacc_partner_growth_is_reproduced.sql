-- The same cross-check for every partner. A warning only: GACC computes partners' growth on
-- its own revised prior-year figures (and re-bases groups, e.g. the EU without the UK from
-- February 2020), which the landed vintages need not show.
{{ config(severity='warn') }}
{{ yoy_mismatches("this_year.partner_code <> 'WORLD'") }}
