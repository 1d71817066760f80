#!/usr/bin/env bash
# Regenerates the workbook test fixtures in Tests/Fixtures/workbooks/ from
# scratch, with real office software. Not run by the build or by CI: the
# committed files are the fixtures, this script documents and reproduces them.
#
#   scripts/make-workbook-fixtures.sh             regenerate everything, then check it
#   scripts/make-workbook-fixtures.sh --describe  print every stored cell of the
#                                                 real workbooks (the facts in the README)
#
# Needs: LibreOffice (Debian: apt-get install -y libreoffice-calc-nogui unzip)
#        python3 with openpyxl and msoffcrypto-tool (pip install openpyxl msoffcrypto-tool)
# Written with LibreOffice 7.4.7.2 (Debian 12), openpyxl 3.1.5, msoffcrypto-tool 6.1.0;
# other versions write other styles/attributes, so re-check the README after regenerating.
#
# Real workbooks (a reader must read these):
#   customers-source.csv        the CSV the LibreOffice files are converted from
#                               (UTF-8, Arabic names, phones, amounts, ISO dates, one blank line)
#   customers-libreoffice.xlsx  LibreOffice CSV import -> xlsx: shared strings, numeric phones
#                               (leading '+' and leading '0' lost), dates as serials with a
#                               custom yyyy-mm-dd numFmt, the blank line as a missing row 5
#   customers-libreoffice.ods   the same import saved as ODF (office:value-type float/string/date)
#   two-sheets-openpyxl.xlsx    openpyxl: sheet 1 "Notes" (no phones), sheet 2 "Recipients";
#                               phones as int (scientific format), float and text; float amount;
#                               date and datetime serials; booleans; absent row 4; present but
#                               empty row 6; every string an inline string (openpyxl 3.1 writes
#                               t="inlineStr", never sharedStrings.xml)
#   formulas-libreoffice.xlsx   formulas written by openpyxl, recalculated and saved by LibreOffice:
#                               every <f> has a cached <v>; string (t="str"), number, boolean
#                               (t="b"), error (t="e") and date results
#   richtext-openpyxl.xlsx      openpyxl CellRichText: inline rich strings (<is><r>...)
#   richtext-libreoffice.xlsx   the same workbook re-saved by LibreOffice: rich shared strings
#                               (<si><r>...) in xl/sharedStrings.xml
#   date1904-openpyxl.xlsx      openpyxl with the 1904 date system (workbookPr date1904="1")
#   isodates-openpyxl.xlsx      openpyxl with iso_dates=True: dates as t="d" ISO 8601 text
#
# Hostile files (a reader must reject these cleanly, fast, without huge memory):
#   old-format.xls              LibreOffice "MS Excel 97" export: OLE2 (D0 CF 11 E0), not a zip
#   encrypted.xlsx              customers-libreoffice.xlsx encrypted by msoffcrypto-tool
#                               (password "secret"): OLE2 container, not a zip
#   truncated.xlsx              first 60% of the bytes of customers-libreoffice.xlsx
#   no-sheets.xlsx              valid zip and workbook.xml whose <sheets/> is empty
#   entity.xlsx                 customers-libreoffice.xlsx with a DOCTYPE declaring entities in
#                               xl/sharedStrings.xml, and "&b;" (100 'a's if expanded) for "Omar"
#   bomb.xlsx                   xl/worksheets/sheet1.xml inflates to 2,000,000,000 bytes
#                               (a header row, then spaces) from ~2 MB; plain zip, not zip64
#   bomb-ratio.ods              content.xml inflates to 64 MiB (~1000:1) from ~65 KB
#   repeated-rows.ods           header, two rows, 1,048,000 repeated empty rows of 1024 repeated
#                               empty cells, then one more data row (row 1,048,004)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=Tests/Fixtures/workbooks

describe() {
python3 - "$OUT" <<'PY'
import re, sys, zipfile, posixpath
out = sys.argv[1]
NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'

def xlsx(path):
    z = zipfile.ZipFile(path)
    names = z.namelist()
    wb = z.read('xl/workbook.xml').decode()
    print(re.search(r'<workbookPr[^>]*>', wb).group(0) if '<workbookPr' in wb else '(no workbookPr)')
    rels = z.read('xl/_rels/workbook.xml.rels').decode()
    relmap = {m.group(2): m.group(1) for m in re.finditer(r'<Relationship[^>]*?Target="([^"]+)"[^>]*?Id="([^"]+)"', rels)}
    relmap.update({m.group(1): m.group(2) for m in re.finditer(r'<Relationship[^>]*?Id="([^"]+)"[^>]*?Target="([^"]+)"', rels)})
    styles = z.read('xl/styles.xml').decode()
    fmts = {m.group(1): m.group(2) for m in re.finditer(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles)}
    xfs = re.search(r'<cellXfs[^>]*>(.*?)</cellXfs>', styles, re.S).group(1)
    xfids = re.findall(r'<xf [^>]*?numFmtId="(\d+)"', xfs)
    print('cellXfs numFmtId by s index:', ', '.join(f's={i}:{n}' + (f' "{fmts[n]}"' if n in fmts else ' (built-in)') for i, n in enumerate(xfids)))
    if 'xl/sharedStrings.xml' in names:
        sst = z.read('xl/sharedStrings.xml').decode()
        print('sharedStrings.xml:')
        for i, si in enumerate(re.findall(r'<si>.*?</si>', sst, re.S)):
            print(f'  [{i}] {si}')
    else:
        print('sharedStrings.xml: (none)')
    for m in re.finditer(r'<sheet [^>]*?name="([^"]+)"[^>]*?r:id="([^"]+)"', wb):
        target = relmap[m.group(2)]
        part = target.lstrip('/') if target.startswith('/') else posixpath.normpath(posixpath.join('xl', target))
        xml = z.read(part).decode()
        dim = re.search(r'<dimension ref="([^"]+)"', xml)
        print(f'sheet "{m.group(1)}" ({part}) dimension={dim.group(1) if dim else None}')
        for row in re.finditer(r'<row [^>]*?r="(\d+)"[^>]*?(?:/>|>(.*?)</row>)', xml, re.S):
            cells = re.findall(r'<c [^>]*?/>|<c [^>]*?>.*?</c>', row.group(2) or '', re.S)
            print(f'  row {row.group(1)}:' + ('' if cells else ' (no cells)'))
            for c in cells:
                print('    ' + c)

def ods(path):
    z = zipfile.ZipFile(path)
    xml = z.read('content.xml').decode()
    for t in re.finditer(r'<table:table table:name="([^"]+)".*?</table:table>', xml, re.S):
        print(f'table "{t.group(1)}"')
        for n, row in enumerate(re.findall(r'<table:table-row[^>]*?(?:/>|>.*?</table:table-row>)', t.group(0), re.S), 1):
            print(f'  table-row #{n}: {re.match(r"<table:table-row[^>]*>", row).group(0)}')
            for c in re.findall(r'<table:table-cell[^>]*?/>|<table:table-cell[^>]*?>.*?</table:table-cell>', row, re.S):
                print('    ' + c)
    for m in re.finditer(r'<number:date-style .*?</number:date-style>', xml, re.S):
        print('date style: ' + m.group(0))

for name in ['customers-libreoffice.xlsx', 'customers-libreoffice.ods', 'two-sheets-openpyxl.xlsx',
             'formulas-libreoffice.xlsx', 'richtext-openpyxl.xlsx', 'richtext-libreoffice.xlsx',
             'date1904-openpyxl.xlsx', 'isodates-openpyxl.xlsx']:
    print(f'==== {name}')
    (ods if name.endswith('.ods') else xlsx)(f'{out}/{name}')
    print()
PY
}

if [ "${1:-}" = --describe ]; then describe; exit 0; fi

command -v libreoffice >/dev/null || { echo "needs LibreOffice: apt-get install -y libreoffice-calc-nogui" >&2; exit 1; }
command -v msoffcrypto-tool >/dev/null || { echo "needs msoffcrypto-tool: pip install msoffcrypto-tool" >&2; exit 1; }
python3 -c 'import openpyxl' 2>/dev/null || { echo "needs openpyxl: pip install openpyxl" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# A private, throw-away LibreOffice profile: no interference with a running
# LibreOffice, and the same default settings on every machine.
LO=(libreoffice "-env:UserInstallation=file://$WORK/lo-profile" --headless)
lo() { "${LO[@]}" "$@" 2> >(grep -v javaldx >&2); }
CSV_IN='CSV:44,34,76,1'   # comma, double quote, UTF-8, start at line 1
# comma, double quote, UTF-8, line 1, ..., -1 = every sheet to its own file
CSV_OUT='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'

mkdir -p "$OUT"
FIXTURES=(customers-source.csv customers-libreoffice.xlsx customers-libreoffice.ods
  two-sheets-openpyxl.xlsx formulas-libreoffice.xlsx richtext-openpyxl.xlsx richtext-libreoffice.xlsx
  date1904-openpyxl.xlsx isodates-openpyxl.xlsx old-format.xls encrypted.xlsx truncated.xlsx
  no-sheets.xlsx entity.xlsx bomb.xlsx bomb-ratio.ods repeated-rows.ods)
for f in "${FIXTURES[@]}"; do rm -f "$OUT/$f"; done

# ---- 1. LibreOffice CSV imports ---------------------------------------------
# Row 5 is wholly blank. "+966501234567", "0509876543" and "966551234567" are
# numeric-looking, so LibreOffice stores them as numbers (the '+' and the
# leading zero are lost); "+966 50 111 2222" is not, so it stays text.
cat > "$OUT/customers-source.csv" <<'CSV'
first_name,mobile,order,amount,joined
سارة,+966501234567,ORD-1001,12.5,2026-05-01
Omar,0509876543,ORD-1002,100,2026-05-02
محمد,966551234567,ORD-1003,7.25,2026-04-30

Layla,+966 50 111 2222,ORD-1004,0,2026-01-15
Ahmed,966509998888,1005,19.99,2025-12-31
CSV
mkdir -p "$WORK/csvin" "$WORK/lo"
cp "$OUT/customers-source.csv" "$WORK/csvin/customers.csv"
for ext in xlsx ods xls; do
  lo --infilter="$CSV_IN" --convert-to "$ext" --outdir "$WORK/lo" "$WORK/csvin/customers.csv" >/dev/null
done
cp "$WORK/lo/customers.xlsx" "$OUT/customers-libreoffice.xlsx"
cp "$WORK/lo/customers.ods" "$OUT/customers-libreoffice.ods"
cp "$WORK/lo/customers.xls" "$OUT/old-format.xls"

# ---- 2-4. openpyxl workbooks (and sources for LibreOffice to re-save) --------
mkdir -p "$WORK/src"
python3 - "$OUT" "$WORK/src" <<'PY'
import sys, datetime
import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904
from openpyxl.styles import Font
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
out, src = sys.argv[1], sys.argv[2]
D, DT = 'yyyy-mm-dd', 'yyyy-mm-dd hh:mm'

# two-sheets-openpyxl.xlsx
wb = openpyxl.Workbook()
notes = wb.active
notes.title = 'Notes'
notes['A1'] = 'Export notes'
notes['A2'] = 'Recipients are on the second sheet.'
ws = wb.create_sheet('Recipients')
ws.append(['Name', 'Mobile Number', 'Order', 'Amount', 'Joined', 'Active', 'Visit'])
rows = {
    2: ['سارة', 966501234567, 'ORD-2001', 12.75, datetime.date(2026, 5, 1), True, datetime.datetime(2026, 5, 1, 9, 30)],
    3: ['Omar', 966501234568.0, 'ORD-2002', 100, datetime.date(2026, 5, 2), False, datetime.datetime(2026, 5, 2, 17, 45)],
    # row 4: absent (wholly blank, no <row> element)
    5: ['Layla', '+966501234569', 2003, 0.5, datetime.date(2026, 4, 30), True, datetime.datetime(2026, 4, 30, 8, 0)],
    # row 6: wholly blank but present (an empty string and a styled empty cell)
    7: ['محمد', '0509876543', 'ORD-2004', 7.25, datetime.date(2026, 5, 3), False, datetime.datetime(2026, 5, 3, 12, 0)],
}
for r, values in rows.items():
    for col, v in enumerate(values, 1):
        ws.cell(row=r, column=col, value=v)
    ws.cell(row=r, column=5).number_format = D
    ws.cell(row=r, column=7).number_format = DT
ws['B2'].number_format = '0.00E+00'
ws['A6'] = ''
ws['B6'].font = Font(bold=True)
wb.save(f'{out}/two-sheets-openpyxl.xlsx')

# formulas source: openpyxl writes <f> with an empty <v/>; LibreOffice computes the values
wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'Recipients'
ws.append(['Name', 'Mobile', 'Order', 'Amount', 'Joined', 'Active'])
ws.append(['Sara', 966501234567, '="ORD-"&"7"', 12.5, '=DATE(2026,5,1)', '=D2>10'])
ws.append(['Omar', '="+966"&"501234570"', '=C2&"-B"', '=D2*2', '=E2+1', '=D3>100'])
ws.append(['Layla', '=B2', 'ORD-9', '=1/0', '=E3+1', True])
ws.append(['Ahmed', '=TEXT(B2,"0")', '=UPPER("ord-10")', '=SUM(D2:D3)', datetime.date(2026, 5, 4), False])
for r in range(2, 6):
    ws.cell(row=r, column=5).number_format = D
wb.save(f'{src}/formulas.xlsx')

# richtext-openpyxl.xlsx (and the source LibreOffice re-saves as richtext-libreoffice.xlsx)
wb = openpyxl.Workbook()
ws = wb.active
ws.title = 'Recipients'
ws.append(['Name', 'Mobile'])
ws['A2'] = CellRichText([TextBlock(InlineFont(b=True), 'Sa'), TextBlock(InlineFont(i=True), 'ra')])
ws['B2'] = CellRichText(['+966', TextBlock(InlineFont(b=True), '501234567')])
ws['A3'] = 'Omar'
ws['B3'] = CellRichText([TextBlock(InlineFont(color='FFFF0000'), '0509'), ' ', '876543'])
wb.save(f'{out}/richtext-openpyxl.xlsx')
wb.save(f'{src}/richtext.xlsx')

# date1904-openpyxl.xlsx
wb = openpyxl.Workbook()
wb.epoch = CALENDAR_MAC_1904
ws = wb.active
ws.title = 'Recipients'
ws.append(['Name', 'Mobile', 'Joined'])
ws.append(['Sara', 966501234567, datetime.date(2026, 5, 1)])
ws['C2'].number_format = D
wb.save(f'{out}/date1904-openpyxl.xlsx')

# isodates-openpyxl.xlsx
wb = openpyxl.Workbook()
wb.iso_dates = True
ws = wb.active
ws.title = 'Recipients'
ws.append(['Name', 'Mobile', 'Joined', 'Visit'])
ws.append(['Sara', 966501234567, datetime.date(2026, 5, 1), datetime.datetime(2026, 5, 1, 9, 30)])
ws['C2'].number_format = D
ws['D2'].number_format = DT
wb.save(f'{out}/isodates-openpyxl.xlsx')
PY
mkdir -p "$WORK/lo2"
lo --convert-to xlsx --outdir "$WORK/lo2" "$WORK/src/formulas.xlsx" "$WORK/src/richtext.xlsx" >/dev/null
cp "$WORK/lo2/formulas.xlsx" "$OUT/formulas-libreoffice.xlsx"
cp "$WORK/lo2/richtext.xlsx" "$OUT/richtext-libreoffice.xlsx"

# ---- 5. hostile files ---------------------------------------------------------
msoffcrypto-tool -e -p secret "$OUT/customers-libreoffice.xlsx" "$OUT/encrypted.xlsx"

python3 - "$OUT" <<'PY'
import sys, zipfile
out = sys.argv[1]
src = f'{out}/customers-libreoffice.xlsx'
STAMP = (2026, 1, 1, 0, 0, 0)

def put(zf, name, data, method=zipfile.ZIP_DEFLATED):
    zi = zipfile.ZipInfo(name, date_time=STAMP)
    zi.compress_type = method
    zf.writestr(zi, data)

# truncated.xlsx
data = open(src, 'rb').read()
open(f'{out}/truncated.xlsx', 'wb').write(data[:len(data) * 6 // 10])

# no-sheets.xlsx
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
      '%s</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>')
WB = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
      '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">%s</workbook>')
with zipfile.ZipFile(f'{out}/no-sheets.xlsx', 'w') as zf:
    put(zf, '[Content_Types].xml', CT % '')
    put(zf, '_rels/.rels', RELS)
    put(zf, 'xl/workbook.xml', WB % '<sheets/>')
    put(zf, 'xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>')

# entity.xlsx: same entries in the same order, only xl/sharedStrings.xml differs
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(f'{out}/entity.xlsx', 'w') as zout:
    for info in zin.infolist():
        body = zin.read(info.filename)
        if info.filename == 'xl/sharedStrings.xml':
            text = body.decode()
            decl = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            assert text.startswith(decl) and text.count('>Omar<') == 1, text[:200]
            text = text.replace(decl, decl + '\n<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
                                '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>', 1)
            body = text.replace('>Omar<', '>&b;<').encode()
        zout.writestr(info, body, compress_type=zipfile.ZIP_DEFLATED)

# bomb.xlsx: a well-formed workbook whose one sheet part is 2,000,000,000 bytes
# of mostly spaces. Kept under 2**31-1 bytes so Python writes a plain (non-zip64)
# archive: the reader is tested on its inflate limit, not on zip64 support.
SHEET_CT = '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
WB_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
           '</Relationships>')
head = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>mobile</t></is></c></row>').encode()
tail = b'</sheetData></worksheet>'
TOTAL = 2_000_000_000
with zipfile.ZipFile(f'{out}/bomb.xlsx', 'w', compresslevel=9) as zf:
    put(zf, '[Content_Types].xml', CT % SHEET_CT)
    put(zf, '_rels/.rels', RELS)
    put(zf, 'xl/workbook.xml', WB % '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>')
    put(zf, 'xl/_rels/workbook.xml.rels', WB_RELS)
    zi = zipfile.ZipInfo('xl/worksheets/sheet1.xml', date_time=STAMP)
    zi.compress_type = zipfile.ZIP_DEFLATED
    zi.file_size = TOTAL  # lets zipfile decide up front that zip64 is not needed
    with zf.open(zi, 'w') as f:
        f.write(head)
        left = TOTAL - len(head) - len(tail)
        chunk = b' ' * (16 << 20)
        while left:
            n = min(left, len(chunk))
            f.write(chunk[:n])
            left -= n
        f.write(tail)

# ODF packages: mimetype first and stored, then the manifest, then content.xml
ODS_MIME = b'application/vnd.oasis.opendocument.spreadsheet'
MANIFEST = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
            '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
            '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
            '</manifest:manifest>')
CONTENT_HEAD = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
                'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
                'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
                '<office:body><office:spreadsheet><table:table table:name="Sheet1">')
CONTENT_TAIL = '</table:table></office:spreadsheet></office:body></office:document-content>'

def s(t): return f'<table:table-cell office:value-type="string"><text:p>{t}</text:p></table:table-cell>'
def f(v): return f'<table:table-cell office:value-type="float" office:value="{v}"><text:p>{v}</text:p></table:table-cell>'
def row(*cells): return '<table:table-row>' + ''.join(cells) + '</table:table-row>'

def ods(path, parts, level=6):
    with zipfile.ZipFile(path, 'w', compresslevel=level) as zf:
        put(zf, 'mimetype', ODS_MIME, zipfile.ZIP_STORED)
        put(zf, 'META-INF/manifest.xml', MANIFEST)
        zi = zipfile.ZipInfo('content.xml', date_time=STAMP)
        zi.compress_type = zipfile.ZIP_DEFLATED
        with zf.open(zi, 'w') as out:
            for p in parts:
                out.write(p)

ods(f'{out}/repeated-rows.ods', [(CONTENT_HEAD
    + row(s('first_name'), s('mobile'))
    + row(s('Sara'), s('+966501234567'))
    + row(s('Omar'), f('966501234568'))
    + '<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    + row(s('Layla'), f('966501234569'))
    + CONTENT_TAIL).encode()])

# bomb-ratio.ods: content.xml is exactly 64 MiB, nearly all of it whitespace
# between two rows; small on disk, about 1000:1 when inflated.
head = (CONTENT_HEAD + row(s('first_name'), s('mobile'))).encode()
tail = (row(s('Sara'), s('+966501234567')) + CONTENT_TAIL).encode()
pad = 64 * 1024 * 1024 - len(head) - len(tail)
ods(f'{out}/bomb-ratio.ods', [head] + [b' ' * (1 << 20)] * (pad >> 20) + [b' ' * (pad & ((1 << 20) - 1)), tail], level=9)
PY

# ---- checks ---------------------------------------------------------------------
fail() { echo "CHECK FAILED: $*" >&2; exit 1; }
magic() { head -c 4 "$1" | od -An -tx1 | tr -d ' \n'; }
[ "$(magic "$OUT/old-format.xls")" = d0cf11e0 ] || fail "old-format.xls is not OLE2"
[ "$(magic "$OUT/encrypted.xlsx")" = d0cf11e0 ] || fail "encrypted.xlsx is not OLE2"
has() { grep -q -- "$3" <(unzip -p "$OUT/$1" "$2"); }
has formulas-libreoffice.xlsx xl/worksheets/sheet1.xml '<f[ >]' || fail "formulas: no <f>"
has formulas-libreoffice.xlsx xl/worksheets/sheet1.xml '</f><v>' || fail "formulas: no cached <v>"
has formulas-libreoffice.xlsx xl/worksheets/sheet1.xml '<v></v>\|<v */>' && fail "formulas: empty cached value"
has richtext-libreoffice.xlsx xl/sharedStrings.xml '<si><r>' || fail "richtext-libreoffice: no rich shared string"
has richtext-openpyxl.xlsx xl/worksheets/sheet1.xml '<is><r>' || fail "richtext-openpyxl: no rich inline string"
has date1904-openpyxl.xlsx xl/workbook.xml 'date1904="1"' || fail "no date1904"
has entity.xlsx xl/sharedStrings.xml '<!ENTITY b' || fail "entity: no DOCTYPE"
python3 -c 'import zipfile,sys; zipfile.ZipFile(sys.argv[1]).testzip()' "$OUT/truncated.xlsx" 2>/dev/null \
  && fail "truncated.xlsx still opens as a zip"

# every real workbook (and repeated-rows.ods) opens in LibreOffice: back to CSV, every sheet
for f in customers-libreoffice.xlsx customers-libreoffice.ods two-sheets-openpyxl.xlsx \
         formulas-libreoffice.xlsx richtext-openpyxl.xlsx richtext-libreoffice.xlsx \
         date1904-openpyxl.xlsx isodates-openpyxl.xlsx repeated-rows.ods; do
  back="$WORK/back/$f"
  mkdir -p "$back"
  lo --convert-to "$CSV_OUT" --outdir "$back" "$OUT/$f" >/dev/null
  ls "$back"/*.csv >/dev/null 2>&1 || fail "LibreOffice could not reopen $f"
  for c in "$back"/*.csv; do
    if [ "$f" = repeated-rows.ods ]; then
      echo "--- $f -> $(basename "$c"): $(wc -l <"$c") lines; the first 3 and the last:"
      head -3 "$c"; tail -1 "$c"
    else
      echo "--- $f -> $(basename "$c")"; cat "$c"
    fi
  done
done

python3 - "$OUT" <<'PY'
import os, sys, zipfile
out = sys.argv[1]
for name in ['bomb.xlsx', 'bomb-ratio.ods']:
    for i in zipfile.ZipFile(f'{out}/{name}').infolist():
        if i.file_size > 1 << 20:
            print(f'{name}: {i.filename} {i.compress_size} bytes -> {i.file_size} bytes ({i.file_size // i.compress_size}:1)')
big = [n for n in sorted(os.listdir(out)) if os.path.getsize(f'{out}/{n}') > 100 * 1024 and n != 'bomb.xlsx']
assert not big, f'fixtures over 100 KB: {big}'
assert os.path.getsize(f'{out}/bomb.xlsx') < 3 * 1024 * 1024, 'bomb.xlsx over 3 MB'
PY
echo "fixtures written to $OUT:"
ls -l "$OUT"
