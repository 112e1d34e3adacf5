#!/usr/bin/env python3
"""Writes the bad-input corpus files (tests/corpus/files/) that cases.json runs through the CLI.

Each file is one hostile, odd or adversarial input a planner's or analyst's tool could produce;
cases.json states what the CLI must do with it. Rerun after editing: `python3 make_files.py`.
Values are BPS's published ones (Jawa Barat P0 2024 / TPT 2025 as in data/), written in the odd
ways real exports write them; no value here enters the bundled data.
"""
import io
import os
import zipfile

HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "files")
os.makedirs(HERE, exist_ok=True)

TITLE = "Persentase Penduduk Miskin Menurut Kabupaten/Kota di Jawa Barat (Persen)"


def write(name, data):
    mode = "wb" if isinstance(data, bytes) else "w"
    kw = {} if isinstance(data, bytes) else {"encoding": "utf-8", "newline": ""}
    with open(os.path.join(HERE, name), mode, **kw) as f:
        f.write(data)


def bps(rows, sep=";", years=("2024",), title=TITLE):
    head = f"Kabupaten/Kota{sep}\n{sep}{title}\n{sep}{sep.join(years)}\n"
    return head + "".join(sep.join(r) + "\n" for r in rows)


# --- numbers that must not change silently -------------------------------------------------
write("mixed_decimal_marks.csv", bps([["Bogor", "7.06"], ["Kota Sukabumi", "6,9"], ["Bekasi", "4.83"]]))
write("thousands_point_decimal_comma.csv",
      "Kabupaten/Kota;\n;Garis Kemiskinan Menurut Kabupaten/Kota di Jawa Barat (Rupiah/Kapita/Bulan)\n;2024\n"
      "Bogor;506.318\nKota Sukabumi;616.114,5\n")
write("windows1252_ellipsis.csv",
      bps([["Bogor", "7,06"], ["Kota Sukabumi", "\u2026"]]).encode("cp1252"))
write("utf16_excel_unicode_text.txt",
      b"\xff\xfe" + bps([["Bogor", "7.06"], ["Kota Sukabumi", "7.2"]], sep="\t").encode("utf-16-le"))
write("provisional_and_semester_years.csv",
      bps([["Kota Sukabumi", "7.5", "7.2"]], years=("2021 (Maret)", "2025*")))
write("bad_year_label.csv", bps([["Kota Sukabumi", "7.5", "7.2"]], years=("2024", "2025 (revisi)")))
write("inf_value.csv",
      "Kabupaten/Kota;\n;Garis Kemiskinan Menurut Kabupaten/Kota di Jawa Barat (Rupiah/Kapita/Bulan)\n;2024\n"
      "Bogor;inf\n")
write("nan_value.csv", bps([["Bogor", "NaN"]]))
write("percent_over_100.csv", bps([["Bogor", "706"]]))
write("negative_rate.csv", bps([["Bogor", "-7.06"]]))

# --- rows that must not vanish -------------------------------------------------------------
write("row_without_region.csv", bps([["Bogor", "7.06"], ["", "7.2"]]))
write("exact_duplicate_row.csv", bps([["Bogor", "7.06"], ["Bogor", "7.06"], ["Kota Sukabumi", "7.2"]]))
write("conflicting_duplicate.csv", bps([["Bogor", "7.06"], ["Bogor", "7.60"]]))
write("unknown_region_code.csv",
      "id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,tingkat_pengangguran_terbuka,satuan,tahun\n"
      "1,32,JAWA BARAT,3299,,8.19,PERSEN,2025\n")
write("code_name_disagree_tidy.csv",
      "region_code,region,year,indicator,value\n3201,Kota Sukabumi,2024,poverty_rate,7.2\n")
write("code_name_disagree.json",
      '[{"kode_kabupaten_kota": "3201", "nama_kabupaten_kota": "KOTA SUKABUMI", "tahun": 2024, "persentase_penduduk_miskin": 7.2}]')
write("json_without_indicator.json", '[{"kabupaten": "Kota Sukabumi", "tahun": 2024}]')
write("json_generic_value_key.json", '[{"kabupaten": "Kota Sukabumi", "tahun": 2024, "nilai": 7.2}]')
write("json_not_array.json", '{"kabupaten": "Kota Sukabumi"}')
write("json_deep_nesting.json", "[" * 100000 + "]" * 100000)
write("region_without_values.csv", bps([["Bogor", "7.06"], ["Pangandaran", ""], ["Kota Sukabumi", "7.2"]]))
write("placeholder_zero_odj.csv",
      "id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,persentase_penduduk_miskin,satuan,tahun\n"
      "1,32,JAWA BARAT,3218,KABUPATEN PANGANDARAN,0,PERSEN,2011\n"
      "2,32,JAWA BARAT,3218,KABUPATEN PANGANDARAN,9.62,PERSEN,2015\n")
write("ambiguous_name.csv", "region,year,indicator,value\nBogor,2024,poverty_rate,7.06\n")
write("crlf_bom_tabs.csv",
      ("\ufeff" + bps([["Bogor", "7,06"], ["Kota Sukabumi", "7,2"]], sep="\t")).replace("\n", "\r\n"))

# --- files that are not what they say --------------------------------------------------------
write("empty.csv", "")
write("only_whitespace.csv", "  \n\t\n")
write("png_named_csv.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
write("truncated.xlsx", b"PK\x03\x04" + b"\x00" * 40)
write("truncated.parquet", b"PAR1" + b"\x00" * 40)
write("unknown_layout.csv", "a,b,c\n1,2,3\n")
write("unbalanced_quote.csv", bps([["\"Bogor", "7.06"], ["Kota Sukabumi", "7.2"]]))

# A 12 KB workbook whose sheet declares A1:ZZ200000 because of one stray cell far away.
SHEET = """<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:ZZ200000"/><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>Kabupaten/Kota</t></is></c></row>
<row r="2"><c r="B2" t="inlineStr"><is><t>%s</t></is></c></row>
<row r="3"><c r="B3"><v>2024</v></c></row>
<row r="4"><c r="A4" t="inlineStr"><is><t>Kota Sukabumi</t></is></c><c r="B4"><v>7.2</v></c></row>
<row r="200000"><c r="ZZ200000" t="inlineStr"><is><t>catatan</t></is></c></row>
</sheetData></worksheet>""" % TITLE
PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": SHEET,
}
def xlsx(name, sheet):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for part, body in {**PARTS, "xl/worksheets/sheet1.xml": sheet}.items():
            z.writestr(zipfile.ZipInfo(part, date_time=(2026, 12, 2, 0, 0, 0)), body)
    write(name, buf.getvalue())


xlsx("stray_cell_zz200000.xlsx", SHEET)
# Found by fuzzing (fuzz/artifacts/load_xlsx): a cell reference with a dozen column letters made
# calamine's reference parser overflow (a panic; a wrong cell in a release build).
xlsx("cell_reference_beyond_excel.xlsx", SHEET.replace('r="A4"', 'r="AAAAAAAAAAAAAA4"'))

# --- scenario files -----------------------------------------------------------------------------
write("scenario_tpt_minus_40.csv",
      "scenario,region,variable,year,value\nturun,Kota Sukabumi,unemployment_rate,2026,-40\n")
write("scenario_wrong_header.csv", "skenario,wilayah,tahun,nilai\nturun,Kota Sukabumi,2026,6\n")
write("scenario_ok.csv",
      "scenario,region,variable,year,value\nTPT 6% / TPT 6 persen,Kota Sukabumi,unemployment_rate,2029,6\n")


# --- national layouts (issue 13) -----------------------------------------------------------------
# An Excel "Web Page" frameset saved as .xls without its sheet file (as BPS's old site users saved
# them): no table at all.
write("web_page_stub.xls",
      '<html xmlns:x="urn:schemas-microsoft-com:office:excel">\r\n<head>\r\n'
      '<meta name="Excel Workbook Frameset">\r\n'
      '<link id="shLink" href="bps-file_files/sheet001.htm">\r\n</head>\r\n'
      '<frameset rows="*,39"><frame src="bps-file_files/sheet001.htm" name="frSheet"></frameset>\r\n'
      '</html>\r\n')
# An old-site HTML table whose names and values do not line up (a truncated download).
write("html_names_values_misaligned.xls",
      '<html><body><table id="tableLeftUp"><tr><th>Kabupaten/Kota</th></tr></table>'
      '<table id="tableLeftBottom"><tr><td>Bogor</td></tr><tr><td>Kota Sukabumi</td></tr></table>'
      '<table id="tableRightUp"><tr><th colspan="1">Persentase Penduduk Miskin (Persen)</th></tr>'
      '<tr><th>2024</th></tr></table>'
      '<table id="tableRightBottom"><tr><td>7.06</td></tr></table></body></html>')
# Open Data Jabar rows whose kab/kota code belongs to another province than kode_provinsi.
write("odj_two_provinces.csv",
      "id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,persentase_penduduk_miskin,satuan,tahun\n"
      "1,32,JAWA BARAT,3201,KABUPATEN BOGOR,7.06,PERSEN,2024\n"
      "2,32,JAWA BARAT,3301,KABUPATEN CILACAP,10.1,PERSEN,2024\n")
# A BPS WebAPI response with a datacontent key that no dimension makes.
write("webapi_stray_key.json",
      '{"var":[{"val":621,"label":"Persentase Penduduk Miskin (Persen)"}],'
      '"turvar":[{"val":0,"label":"Tidak ada"}],"vervar":[{"val":3201,"label":"Bogor"}],'
      '"tahun":[{"val":124,"label":"2024"}],"turtahun":[{"val":0,"label":"Tahun"}],'
      '"datacontent":{"320162101240":7.06,"327262101240":7.2}}')
