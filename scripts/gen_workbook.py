#!/usr/bin/env python3
"""The bench's workbook: the bench CSV's first rows as an .xlsx with shared strings.
Written by LibreOffice (a real writer) when it is installed, else by this script's own
minimal Office Open XML writer (shared strings, one sheet), so the bench runs anywhere.
Usage: gen_workbook.py CSV ROWS OUT.xlsx"""
import csv, os, shutil, subprocess, sys, tempfile, zipfile
from xml.sax.saxutils import escape

source, rows, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
with open(source, newline="", encoding="utf-8") as f:
    table = [row for _, row in zip(range(rows + 1), csv.reader(f))]

office = shutil.which("libreoffice") or shutil.which("soffice")
if office:
    with tempfile.TemporaryDirectory() as work:
        csv_path = os.path.join(work, "bench.csv")
        with open(csv_path, "w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(table)
        subprocess.run([office, "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", work, csv_path],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
        shutil.move(os.path.join(work, "bench.xlsx"), out)
    print("written by LibreOffice")
    sys.exit(0)

strings, index, sheet = [], {}, []
def shared(text):
    if text not in index:
        index[text] = len(strings)
        strings.append(text)
    return index[text]
def column(i):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[i]
for r, row in enumerate(table, start=1):
    cells = "".join(f'<c r="{column(c)}{r}" t="s"><v>{shared(v)}</v></c>' for c, v in enumerate(row))
    sheet.append(f'<row r="{r}">{cells}</row>')
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
               '<Default Extension="xml" ContentType="application/xml"/></Types>')
    z.writestr("_rels/.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook {ns} xmlns:r="{rel}"><sheets><sheet name="bench" sheetId="1" r:id="rId1"/></sheets></workbook>')
    z.writestr("xl/_rels/workbook.xml.rels", f'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
               f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
               f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
    z.writestr("xl/worksheets/sheet1.xml", f'<?xml version="1.0"?><worksheet {ns}><sheetData>' + "".join(sheet) + "</sheetData></worksheet>")
    z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst {ns} count="{len(strings)}" uniqueCount="{len(strings)}">'
               + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
print("written by scripts/gen_workbook.py (LibreOffice is not installed)")
