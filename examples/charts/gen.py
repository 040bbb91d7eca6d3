#!/usr/bin/env python3
"""Writes the chart gallery: one brief per case of issue 13.

Run from this folder: python3 gen.py. The output is deterministic (a fixed
random seed), and the briefs are committed, so the script is needed only to
change them.
"""
import datetime as dt
import os
import json
import random

rnd = random.Random(13)


def brief(name, title, lead, tables, charts, lang="en-GB"):
    os.makedirs(os.path.join(name, "data"), exist_ok=True)
    fm = [f"title: {title}", "date: 2024-05-06", "series: Chart gallery", f"lang: {lang}", "tables:"]
    body = []
    for t in tables:
        fm.append(f"  - id: {t['id']}-data")
        fm.append(f"    file: data/{t['id']}.csv")
        fm.append(f"    caption: {json.dumps(t['caption'], ensure_ascii=False)}")
        fm.append("    source: made-up data for the chart gallery.")
        fm.append(f"    annex: {t.get('annex', 'only')}")
        fm.append("    columns:")
        for c in t["columns"]:
            fm.append(f"      - name: {c['name']}")
            for k in ("label", "type", "decimals", "format", "unit"):
                if k in c:
                    v = c[k]
                    if k in ("label", "unit"):
                        v = json.dumps(v, ensure_ascii=False)
                    fm.append(f"        {k}: {v}")
            if "values" in c:
                fm.append("        values: {" + ", ".join(f"{k}: {v}" for k, v in c["values"]) + "}")
        with open(os.path.join(name, "data", t["id"] + ".csv"), "w") as f:
            f.write(",".join(c["name"] for c in t["columns"]) + "\n")
            for r in t["rows"]:
                f.write(",".join(csv(v) for v in r) + "\n")
        if t.get("annex", "only") != "only":
            body.append("{{table " + t["id"] + "-data}}")
    fm.append("charts:")
    for c in charts:
        fm.append(f"  - id: {c['id']}")
        for k, v in c.items():
            if k == "table":
                v += "-data"
            elif k in ("caption", "x_title", "y_title", "unit"):
                v = json.dumps(v, ensure_ascii=False)
            if k != "id":
                fm.append(f"    {k}: {v}")
        body.append("{{figure " + c["id"] + "}}")
    with open(os.path.join(name, "brief.md"), "w") as f:
        f.write("---\n" + "\n".join(fm) + "\n---\n\n" + lead + "\n\n## Charts\n\n" + "\n\n".join(body) + "\n")


def csv(v):
    s = "" if v is None else str(v)
    if any(ch in s for ch in ',"\n'):
        s = '"' + s.replace('"', '""') + '"'
    return s


def days(start, n, step=1):
    d = dt.date.fromisoformat(start)
    return [(d + dt.timedelta(days=i * step)).isoformat() for i in range(n)]


# Negative and mixed-sign bars.
regions = ["North", "South", "East", "West", "Centre", "Coast", "Islands"]
brief("negative-bars", "Negative and mixed-sign bars",
      "Bars start at zero: negative bars hang below the zero line.",
      [{"id": "growth", "caption": "Growth by region", "columns": [
          {"name": "region", "type": "text"}, {"name": "change", "type": "number", "decimals": 2},
          {"name": "loss", "type": "number", "decimals": 1}],
        "rows": [[r, c, l] for r, c, l in zip(regions, [-0.22, 0.28, 1.35, -2.1, 0.05, -0.6, 0.9],
                                               [-3.5, -12.2, -0.4, -7.9, -1.1, -25.0, -5.5])]}],
      [{"id": "mixed", "type": "bar", "table": "growth", "x": "region", "y": "change",
        "caption": "Change in output by region (mixed signs)", "y_title": "Change", "unit": "%", "annex": "true"},
       {"id": "negative", "type": "bar", "table": "growth", "x": "region", "y": "loss",
        "caption": "Losses by region (every value negative)", "y_title": "Loss", "unit": "%", "annex": "true"}])

# Missing values in lines and bars.
months = days("2023-01-01", 12, 31)
brief("missing-values", "Missing values",
      "A missing value is a gap in a line and a flag on a bar.",
      [{"id": "prices", "caption": "Monthly prices", "columns": [
          {"name": "month", "type": "date", "format": "MMMM yyyy"},
          {"name": "price", "type": "number", "decimals": 1},
          {"name": "status", "type": "enum", "values": [("ok", "Reported"), ("strike", "Strike")]}],
        "rows": [[m, None if i in (3, 4, 9) else round(50 + 8 * ((i * 7) % 5) - i, 1),
                  "strike" if i == 9 else "ok"] for i, m in enumerate(months)]}],
      [{"id": "line", "type": "line", "table": "prices", "x": "month", "y": "price", "status": "status",
        "flags": "{strike: strike}", "caption": "Price with gaps where no price was reported", "y_title": "Price"},
       {"id": "bars", "type": "bar", "table": "prices", "x": "month", "y": "price",
        "caption": "The same prices as bars: a flag where there is no value", "y_title": "Price", "annex": "true"}])

# Integer years on x.
years = list(range(2006, 2021))
brief("year-axis", "Years on the x axis",
      "Years are written 2006, never 2,006.",
      [{"id": "output", "caption": "Output by year", "columns": [
          {"name": "year", "type": "integer"}, {"name": "output", "type": "integer"},
          {"name": "code", "label": "Code", "type": "integer", "format": "plain"}],
        "rows": [[y, 1200 + 37 * i + (i * i * 13) % 400, 1000 + i * 250] for i, y in enumerate(years)]}],
      [{"id": "line", "type": "line", "table": "output", "x": "year", "y": "output",
        "caption": "Output by year (a line over integer years)", "y_title": "Output", "unit": "t"},
       {"id": "bars", "type": "bar", "table": "output", "x": "year", "y": "output",
        "caption": "Output by year (bars with years as categories)", "y_title": "Output", "unit": "t", "annex": "true"},
       {"id": "plain", "type": "scatter", "table": "output", "x": "code", "y": "output",
        "caption": "Output by plant code (an integer column declared format: plain)", "y_title": "Output", "x_title": "Plant code"}])

# A numeric x axis.
brief("numeric-x", "A number x axis",
      "Ticks on a number axis are 1, 2 or 5 times a power of ten.",
      [{"id": "speed", "caption": "Speed and consumption", "columns": [
          {"name": "speed", "type": "number", "decimals": 1}, {"name": "use", "type": "number", "decimals": 2}],
        "rows": [[round(112 + i * 1.55, 1), round(4.1 + (i - 10) ** 2 * 0.012, 2)] for i in range(21)]}],
      [{"id": "line", "type": "line", "table": "speed", "x": "speed", "y": "use",
        "caption": "Consumption by speed", "x_title": "Speed (km/h)", "y_title": "Consumption", "unit": "l/100 km"},
       {"id": "dots", "type": "scatter", "table": "speed", "x": "speed", "y": "use",
        "caption": "The same as dots", "x_title": "Speed (km/h)", "y_title": "Consumption", "unit": "l/100 km"}])


# Date axes of 10 days, 1 year, 15 years and over 292 years.
def dated(name, title, dates, caption):
    brief(name, title, "Date ticks fit the span: days, weeks, months, quarters or years.",
          [{"id": "series", "caption": caption, "columns": [
              {"name": "day", "type": "date"}, {"name": "value", "type": "number", "decimals": 1}],
            "rows": [[d, round(20 + 10 * ((i * 37) % 11) / 11 + i * 0.3, 1)] for i, d in enumerate(dates)]}],
          [{"id": "line", "type": "line", "table": "series", "x": "day", "y": "value",
            "caption": caption, "y_title": "Value"}])


dated("dates-10-days", "A date axis of 10 days", days("2024-03-03", 11), "Ten days")
dated("dates-1-year", "A date axis of one year", days("2023-01-04", 27, 14), "One year, fortnightly")
dated("dates-15-years", "A date axis of 15 years", [f"{y}-{m:02d}-15" for y in range(2009, 2024) for m in (1, 4, 7, 10)],
      "Fifteen years, quarterly")
dated("dates-320-years", "A date axis of over 292 years", [f"{y}-07-01" for y in range(1700, 2021, 10)],
      "Three centuries, every ten years")

# Rows in random order.
dates = days("2022-01-10", 16, 9)
rows = [[d, rnd.randint(1, 5), rnd.randint(-40, 90)] for d in dates]
rnd.shuffle(rows)
brief("random-order", "Rows in random order",
      "Points are sorted by x before drawing and before a running total.",
      [{"id": "events", "caption": "Launches, in no order", "columns": [
          {"name": "day", "type": "date", "format": "d MMMM"}, {"name": "count", "type": "integer"},
          {"name": "balance", "type": "integer"}], "rows": rows}],
      [{"id": "total", "type": "step", "table": "events", "x": "day", "y": "count", "cumulative": "true",
        "caption": "Running total of launches", "y_title": "Launches"},
       {"id": "line", "type": "line", "table": "events", "x": "day", "y": "balance",
        "caption": "Balance", "y_title": "Balance"},
       {"id": "bars", "type": "bar", "table": "events", "x": "day", "y": "balance",
        "caption": "Balance by day, as bars", "y_title": "Balance"}])

# Grouped bars with unequal series.
rows = []
for country, cats in [("France", ["Coal", "Gas", "Nuclear", "Wind"]), ("Poland", ["Coal", "Gas", "Solar"]),
                      ("Norway", ["Hydro", "Wind", "Gas"])]:
    for c in cats:
        rows.append([country, c, rnd.randint(2, 70)])
brief("grouped-unequal", "Grouped bars with unequal series",
      "Categories are the union of every series' categories.",
      [{"id": "mix", "caption": "Electricity by source", "columns": [
          {"name": "country", "type": "text"}, {"name": "source", "type": "text"}, {"name": "share", "type": "integer", "unit": "%"}],
        "rows": rows}],
      [{"id": "mix", "type": "grouped-bar", "table": "mix", "x": "source", "y": "share", "series": "country",
        "caption": "Share of electricity by source and country", "y_title": "Share", "unit": "%"}])

# 1, 2 and 200 categories.
brief("categories", "One, two and 200 categories",
      "Labels are thinned, and the notes say so, when there are too many to set.",
      [{"id": "one", "caption": "One category", "columns": [
          {"name": "kind", "type": "text"}, {"name": "year", "type": "text"}, {"name": "n", "type": "integer"}],
        "rows": [["All", "2022", 42], ["All", "2023", 57]]},
       {"id": "two", "caption": "Two categories", "columns": [
           {"name": "kind", "type": "text"}, {"name": "n", "type": "integer"}],
        "rows": [["Yes", 61], ["No", 39]]},
       {"id": "many", "caption": "200 categories", "columns": [
           {"name": "site", "type": "text"}, {"name": "n", "type": "integer"}],
        "rows": [[f"Site {i:03d}", rnd.randint(0, 1000)] for i in range(1, 201)]}],
      [{"id": "one", "type": "grouped-bar", "table": "one", "x": "kind", "y": "n", "series": "year",
        "caption": "One category, two series", "y_title": "Count"},
       {"id": "two", "type": "bar", "table": "two", "x": "kind", "y": "n", "caption": "Two categories", "y_title": "Count"},
       {"id": "many", "type": "bar", "table": "many", "x": "site", "y": "n", "caption": "200 categories", "y_title": "Count", "annex": "true"}])

# Very long category labels.
names = ["Ministry of Foreign Affairs and International Cooperation of the Republic",
         "Defence", "Office of the Commissioner for Fundamental Rights and Freedoms of Citizens",
         "Interior", "Agency for the Restructuring and Modernisation of Agriculture and Rural Development",
         "Health", "Treasury"]
brief("long-labels", "Very long category labels",
      "Long labels are turned, kept inside the frame, and shortened when they must be, as the notes say.",
      [{"id": "budget", "caption": "Budget by body", "columns": [
          {"name": "body", "type": "text"}, {"name": "budget", "type": "number", "decimals": 1}],
        "rows": [[n, round(rnd.uniform(0.5, 30), 1)] for n in names]}],
      [{"id": "budget", "type": "bar", "table": "budget", "x": "body", "y": "budget",
        "caption": "Budget by body", "y_title": "Budget", "unit": "bn"}])

# Events close together.
dates = days("2023-03-01", 20, 7)
brief("events-close", "Events close together",
      "Event labels move to stay clear of each other and of the line; those that cannot are named in the notes.",
      [{"id": "level", "caption": "Water level", "columns": [
          {"name": "day", "type": "date"}, {"name": "level", "type": "number", "decimals": 1}],
        "rows": [[d, round(3 + i * 0.4 + ((i * 5) % 3) * 0.3, 1)] for i, d in enumerate(dates)]},
       {"id": "marks", "caption": "Events", "columns": [
           {"name": "day", "type": "date"}, {"name": "what", "type": "text"}],
        "rows": [["2023-04-03", "Storm warning"], ["2023-04-04", "Sluice opened"], ["2023-04-06", "Dam inspected"],
                 ["2023-04-07", "Sluice closed"], ["2023-05-30", "Heavy rain"], ["2023-06-01", "Flood alert"],
                 ["2023-06-02", "Evacuation ordered"], ["2023-06-03", "Alert lifted"]]}],
      [{"id": "level", "type": "line", "table": "level", "x": "day", "y": "level",
        "caption": "Water level and events", "y_title": "Level", "unit": "m",
        "events": "[{table: marks-data, x: day, label: what}]"}])
