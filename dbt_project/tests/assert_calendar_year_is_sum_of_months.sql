-- A calendar year is the sum of its months: more than 1% apart, and further apart than the
-- rounding of the printed figures can set them (a partner whose months print a few thousand
-- dollars each can be 1% apart by rounding alone), one of them is wrong.
{{ calendar_year_gaps() }}
where gap_pct > 1.0 and gap_usd > rounding_usd
