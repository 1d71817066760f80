#!/usr/bin/env python3
"""Generates benchmark inputs: CSV (optionally gzip'd) or XML with phones in mixed spellings,
about 5% invalid and 3% duplicates. Deterministic (seeded)."""
import gzip
import random
import sys

kind, rows, path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
# `zones`: clean numbers of Saudi Arabia, Egypt, Britain and the US, interleaved (make bench-local-time, bench-compare).
zone_numbers = [lambda i: f"+9665{i:08d}", lambda i: f"+2010{i:08d}", lambda i: f"+9665{i:08d}", lambda i: f"+447400{i:06d}",
                lambda i: f"+1212{2000000 + i:07d}", lambda i: f"+9665{i:08d}", lambda i: f"+2011{i:08d}",
                lambda i: f"+1310{2000000 + i:07d}", lambda i: f"+447700{i:06d}", lambda i: f"+9665{i:08d}"]
rng = random.Random(42)
arabic = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

def phone(i):
    r = rng.random()
    if r < 0.05:
        return rng.choice(["12345", "call me", "0500", "+99912"])
    if r < 0.08 and i > 10:
        i = rng.randrange(i)  # a duplicate of an earlier row
    national = f"5{(i * 7919) % 100000000:08d}"
    style = i % 5
    if style == 0:
        return "+966" + national
    if style == 1:
        return "00966 " + national[:2] + " " + national[2:5] + " " + national[5:]
    if style == 2:
        return "0" + national
    if style == 3:
        return ("0" + national).translate(arabic)
    return "(0" + national[:2] + ") " + national[2:5] + "-" + national[5:]

opener = gzip.open if path.endswith(".gz") else open
with opener(path, "wt", encoding="utf-8", newline="") as out:
    if kind == "zones":
        out.write("first_name,mobile,order\n")
        for i in range(rows):
            out.write(f"Name {i},{zone_numbers[i % len(zone_numbers)](i)},ORD-{i}\n")
    elif kind == "csv":
        out.write("first_name,mobile,order\r\n")
        for i in range(rows):
            out.write(f"Name {i},{phone(i)},ORD-{i}\r\n")
    elif kind == "xml":
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<customers>\n')
        for i in range(rows):
            out.write(f'  <customer id="c{i}"><first_name>Name {i}</first_name><mobile>{phone(i)}</mobile><order>ORD-{i}</order></customer>\n')
        out.write("</customers>\n")
