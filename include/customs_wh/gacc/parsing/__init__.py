"""Reading GACC release pages, one module per part of a page: the page itself (``page``), its
cells (``table``, ``text``), header rows (``headers``), unit row (``units``), date (``dates``),
the weighing of what the page says it is (``evidence``), and one module per kind of table
(``partners_table``, ``totals_table``, ``commodity_table``). ``customs_wh.gacc.parse`` is the
entry point."""
