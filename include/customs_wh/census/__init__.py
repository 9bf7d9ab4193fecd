"""The US Census Bureau's international trade API (``/data/timeseries/intltrade/imports/hs`` and
``/exports/hs``): the request forms (``requests``) and the parser of its answers (``parse``).

The answer is a JSON array of arrays: a header row of variable names, then one row per record, every
value a string. A valid request for a month not yet published answers HTTP 204 with no content.
"""
