"""Reads annexes with openpyxl, one per line of stdin (a file name), and
answers each with one line of JSON: {"sheets": {name: rows}} where each cell
is [python type, value], or {"error": "..."} when openpyxl cannot open it.
Used by FuzzAnnex, which keeps one reader running for all its inputs."""
import datetime
import json
import sys

import openpyxl

for line in sys.stdin:
    name = line.rstrip("\n")
    try:
        wb = openpyxl.load_workbook(name)
        out = {}
        for ws in wb.worksheets:
            rows = []
            for row in ws.iter_rows():
                cells = []
                for c in row:
                    v = c.value
                    kind = type(v).__name__
                    if isinstance(v, (datetime.datetime, datetime.date)):
                        v = v.isoformat()
                    elif isinstance(v, int) and not isinstance(v, bool):
                        v = str(v)  # exact, past 2**53
                    elif isinstance(v, float):
                        v = repr(v)
                    cells.append([kind, v])
                rows.append(cells)
            out[ws.title] = rows
        answer = {"sheets": out}
    except Exception as e:  # any failure to read is what the fuzzer looks for
        answer = {"error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()
