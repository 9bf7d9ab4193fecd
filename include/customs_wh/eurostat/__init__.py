"""Eurostat Comext, dataset DS-045409 (EU trade by HS2-4-6 and CN8) through Eurostat's SDMX 2.1
dissemination API: the request forms (``requests``) and the parser of its SDMX-CSV answers (``parse``).

Dimensions, in the key's order: freq . reporter . partner . product . flow . indicators. Flow 1 is
imports, 2 exports; the indicator VALUE_IN_EUROS is the statistical value in euros (imports CIF, exports
FOB); product TOTAL is all goods, two digits an HS chapter; reporter EU27_2020 the EU as a whole.
"""
