-- A calendar year is the sum of its months: more than 1% apart, one of them is wrong.
{{ calendar_year_gaps() }}
where gap_pct > 1.0
