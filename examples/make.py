#!/usr/bin/env python3
"""Writes the gallery's generated data files (the long table, the long
brief's body). The same run gives the same files: the random generator is
seeded. Run from anywhere: python3 examples/make.py"""
import os, random

here = os.path.dirname(os.path.abspath(__file__))
rnd = random.Random(2024)

def write(rel, text):
    p = os.path.join(here, rel)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)

# 1. A 320-row register of sanctions reports: long cells, URLs, negative
# numbers, empty cells.
countries = ["Albania", "Argentina", "Australia", "Austria", "Bangladesh", "Belgium", "Brazil", "Bulgaria",
             "Canada", "Chile", "Colombia", "Croatia", "Czechia", "Denmark", "Egypt", "Estonia", "Finland",
             "France", "Germany", "Ghana", "Greece", "Hungary", "India", "Indonesia", "Ireland", "Italy", "Japan",
             "Kazakhstan", "Kenya", "Latvia", "Lithuania", "Luxembourg", "Malaysia", "Mexico", "Mongolia",
             "Netherlands", "New Zealand", "Nigeria", "Norway", "Pakistan", "Peru", "Philippines", "Poland",
             "Portugal", "Republic of Korea", "Romania", "Saudi Arabia", "Senegal", "Singapore", "Slovakia",
             "Slovenia", "South Africa", "Spain", "Sweden", "Switzerland", "Thailand", "Türkiye", "Ukraine",
             "United Arab Emirates", "United Kingdom", "United States of America", "Uruguay", "Viet Nam"]
measures = ["asset freeze of designated entities", "inspection of cargo in ports and airports",
            "ban on the export of refined petroleum products above the annual cap",
            "repatriation of overseas workers within twenty-four months",
            "prohibition of joint ventures and cooperative entities",
            "denial of bunkering services to designated vessels",
            "ban on the import of textiles, seafood and coal", "closure of representative offices"]
remarks = ["", "", "Report submitted late; the panel asked for clarification of the cargo inspection figures.",
           "Includes a list of 14 vessels denied port entry, with IMO numbers and dates of the refusals.",
           "No change since the previous report.",
           "Partial report: the annex on financial measures was withheld pending a court decision in the capital.",
           "The ministry states that all workers were repatriated before 22 December 2019, and provides no figures.",
           "See the national implementation plan and its amendments, which extend the asset freeze to subsidiaries."]
lines = ["country,submitted,measure,document,remarks,trade_change,entities"]
for i in range(320):
    c = rnd.choice(countries)
    y, m, d = rnd.randint(2017, 2023), rnd.randint(1, 12), rnd.randint(1, 28)
    meas = rnd.choice(measures)
    doc = "" if rnd.random() < 0.1 else "https://www.un.org/securitycouncil/sites/www.un.org.securitycouncil/files/s_ac49_%d_%03d_%s.pdf" % (y, rnd.randint(1, 250), c.lower().replace(" ", "_")[:12])
    rem = rnd.choice(remarks)
    ch = "" if rnd.random() < 0.08 else "%.1f" % rnd.uniform(-95, 40)
    ent = "" if rnd.random() < 0.1 else str(rnd.randint(-3, 60))
    q = lambda s: '"' + s.replace('"', '""') + '"' if ("," in s or '"' in s) else s
    lines.append(",".join([q(c), "%d-%02d-%02d" % (y, m, d), q(meas), doc, q(rem), ch, ent]))
write("long-table/data/reports.csv", "\n".join(lines) + "\n")

# 2. The long brief: sections of prose built from a stock of sentences.
stock = [
    "The panel of experts found that enforcement varied widely between regions, and that the weakest link set the pace for all.",
    "Ministries reported progress on paper, but inspections in the ports told a more cautious story.",
    "Several member states asked for technical assistance to build customs databases that can be searched across borders.",
    "Shipping registries remain the main gap: a vessel can change its flag, name and owner within a single month.",
    "Financial institutions improved their screening, yet correspondent banking still hides the ultimate beneficiary.",
    "Where reporting was complete, the figures show a steady fall in prohibited imports since 2018.",
    "Civil society organisations warned that humanitarian exemptions take too long to approve.",
    "The committee adopted new guidance on exemptions in 2020, which shortened the average approval to 41 days.",
    "Regional organisations can help by pooling inspection capacity and sharing risk indicators.",
    "None of these measures works without political will in the capitals that matter most.",
    "Data quality remains uneven: some reports give tonnages, others values, and a few give neither.",
    "A common template would make national reports comparable and easier to audit.",
]
sections = ["Background", "The sanctions regime", "Reporting by member states", "Ports and shipping",
            "Finance and banking", "Humanitarian exemptions", "Regional cooperation", "Data and methods",
            "Gaps in enforcement", "Technical assistance", "Outlook for 2025", "Options for the Council",
            "Annex of procedures", "Lessons from other regimes"]
body = []
for s in sections:
    body.append("## " + s + "\n")
    for p in range(rnd.randint(3, 6)):
        body.append(" ".join(rnd.sample(stock, rnd.randint(3, 7))) + "\n")
    if rnd.random() < 0.4:
        body.append("\n".join("- " + rnd.choice(stock) for _ in range(rnd.randint(2, 4))) + "\n")
front = """---
title: Implementing UN Sanctions, 2017–2024
subtitle: A long brief, generated from a stock of sentences, to test many pages
date: 2024-11-15
series: Working Paper
number: "7"
authors: [Gallery Author]
lang: en
keywords: [sanctions, implementation, ports, finance]
---

This working paper reviews seven years of national implementation reports and asks what would make them comparable. It is long on purpose: fourteen sections of prose, lists and headings, with no tables or figures, so that pagination, widows and orphans, and the running header and footer can be checked over many pages.

"""
write("long/brief.md", front + "\n".join(body))
