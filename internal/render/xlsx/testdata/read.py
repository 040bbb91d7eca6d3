"""Reads an annex with openpyxl and prints what an analyst's tools would see,
as JSON: sheets, cells with their Python types and number formats, header
styling, panes, filters, tables, charts and document properties."""
import json
import sys
import datetime

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": wb.sheetnames, "title": wb.properties.title, "creator": wb.properties.creator,
       "language": wb.properties.language, "created": str(wb.properties.created), "data": {}}
for ws in wb.worksheets:
    rows = []
    for row in ws.iter_rows():
        cells = []
        for c in row:
            v = c.value
            kind = type(v).__name__
            if isinstance(v, (datetime.datetime, datetime.date)):
                v = v.isoformat()
            cells.append({"v": v, "t": kind, "fmt": c.number_format, "dt": c.data_type})
        rows.append(cells)
    h = ws["A1"]
    out["data"][ws.title] = {
        "rows": rows,
        "freeze": ws.freeze_panes,
        "tables": {name: (t.ref if hasattr(t, "ref") else t) for name, t in ws.tables.items()},
        "autofilter": ws.auto_filter.ref,
        "header_bold": bool(h.font and h.font.b),
        "header_fill": h.fill.fgColor.rgb if h.fill and h.fill.fgColor is not None else None,
        "charts": len(ws._charts),
        "landscape": ws.page_setup.orientation,
        "print_titles": ws.print_title_rows,
        "header": ws.oddHeader.center.text or ws.oddHeader.left.text,
    }
print(json.dumps(out, default=str))
