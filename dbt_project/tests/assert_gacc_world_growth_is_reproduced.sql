-- China's headline growth rates, as GACC prints them, follow from the landed figures of the
-- year before (tolerance: see macros/yoy_mismatches.sql). A failure means a landed figure is wrong.
{{ yoy_mismatches("this_year.partner_code = 'WORLD'") }}
