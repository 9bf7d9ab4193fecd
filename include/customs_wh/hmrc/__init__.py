"""HMRC's overseas trade statistics through the uktradeinfo OData API (``/OTS``): the request forms
(``requests``) and the parser of its pages (``parse``).

A page is JSON: ``value``, the rows (``MonthId`` YYYYMM, ``FlowTypeId`` 1/3 imports and 2/4 exports,
``SuppressionIndex``, ``CommodityId``, ``CountryId``, ``Value`` in pounds, and the expanded
``Commodity`` with its ``Hs2Code``), and ``@odata.nextLink`` while more pages follow.
"""
