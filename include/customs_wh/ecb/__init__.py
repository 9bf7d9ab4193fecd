"""The ECB's data API (``/service/data/EXR/...``): euro reference exchange rates, monthly averages, as
SDMX-JSON (``format=jsondata``). The request forms (``requests``) and the parser (``parse``, with sdmx1).

``M.USD.EUR.SP00.A`` is US dollars per euro, monthly, spot, average of the daily reference rates;
``M.GBP.EUR.SP00.A`` pounds per euro. Pounds convert to dollars through the euro (the cross rate).
"""
