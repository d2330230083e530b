"""Printed reports laid out as official documents (NĐ 30/2020/NĐ-CP).

- :mod:`desktop.reports.document`: what goes on the page, as plain data;
- :mod:`desktop.reports.build`: the documents of each report kind, read from the registry;
- :mod:`desktop.reports.layout`: page breaking and placement (Qt's font metrics only);
- :mod:`desktop.reports.render`: painting on a PDF file, a printer or a print preview;
- :mod:`desktop.reports.qt`: the Qt application, the shipped fonts, cached text metrics.

Only ``layout``, ``render`` and ``qt`` import PySide6; importing this package does not.
"""
