#!/usr/bin/env python3
"""Writes a real .xlsx (a ZIP of Office Open XML parts, DEFLATE-compressed) from a CSV file,
for the import tests: usage xlsx.py IN.csv OUT.xlsx [ENCODING].

Cells are typed as Excel would store them: text in shared strings (even columns) or inline
strings (odd columns), digits and decimal-comma numbers as numbers (so an 11-digit number
with a leading zero loses it, as in Excel), dd.mm.yyyy as date serials styled with a custom
format (style 1) or the built-in format 14 (style 2), alternately."""
import datetime, re, sys, zipfile
from xml.sax.saxutils import escape

src, out = sys.argv[1], sys.argv[2]
encoding = sys.argv[3] if len(sys.argv) > 3 else "utf-8-sig"
rows = [line.rstrip("\r").split(";") for line in open(src, encoding=encoding).read().split("\n") if line.strip()]
strings, index = [], {}
def shared(text):
    if text not in index:
        index[text] = len(strings)
        strings.append(text)
    return index[text]
def col(n):
    name = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name
dates = 0
sheet = []
for r, row in enumerate(rows, start=1):
    cells = []
    for c, value in enumerate(row):
        ref = f"{col(c)}{r}"
        if value == "":
            continue
        if r > 1 and re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", value):
            d, m, y = map(int, value.split("."))
            serial = (datetime.date(y, m, d) - datetime.date(1899, 12, 30)).days
            dates += 1
            cells.append(f'<c r="{ref}" s="{1 + dates % 2}"><v>{serial}</v></c>')
        elif r > 1 and re.fullmatch(r"\d+(,\d+)?", value):
            number = value.replace(",", ".")
            cells.append(f'<c r="{ref}"><v>{int(number) if "." not in number else float(number)}</v></c>')
        elif c % 2 == 0:
            cells.append(f'<c r="{ref}" t="s"><v>{shared(value)}</v></c>')
        else:
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
    sheet.append(f'<row r="{r}">{"".join(cells)}</row>')
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
parts = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel}><sheets><sheet name="Eksport" sheetId="1" r:id="rId7"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/data.xml"/></Relationships>',
    "xl/styles.xml": f'<?xml version="1.0" encoding="UTF-8"?><styleSheet {ns}><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy;@"/></numFmts><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>',
    "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst {ns} count="{len(strings)}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>",
    "xl/worksheets/data.xml": f'<?xml version="1.0" encoding="UTF-8"?><worksheet {ns}><sheetData>' + "".join(sheet) + "</sheetData></worksheet>",
}
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
    for name, text in parts.items():
        archive.writestr(name, text)
