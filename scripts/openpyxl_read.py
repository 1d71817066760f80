#!/usr/bin/env python3
"""Reads every row of an .xlsx with openpyxl in read-only mode (what pandas.read_excel uses)."""
import sys
import openpyxl

sheet = openpyxl.load_workbook(sys.argv[1], read_only=True, data_only=True).worksheets[0]
rows = sum(1 for _ in sheet.iter_rows(values_only=True))
print(rows, file=sys.stderr)
