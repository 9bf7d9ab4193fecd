-- A calendar year is the sum of its months to the rounding of the printed figures. A gap
-- beyond rounding but within 1% (a month revised without the year, say) is a warning: the
-- marts publish and a person should look.
{{ config(severity='warn') }}
{{ calendar_year_gaps() }}
where gap_usd > rounding_usd
