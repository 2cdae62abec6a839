"""CMG205 and CMG206 point at the list or table row to fix, not at the clause's heading."""

from __future__ import annotations

from conftest import cmg

EN, ES, KO = "guides/demo/index.md", "translations/es/demo/index.md", "translations/ko/demo/index.md"


def _found(mini, code):
    """The findings of one code in the Spanish file, once both translations are marked up to date with the
    edited source (an outdated clause's text is not compared)."""
    for locale, path in (("es", ES), ("ko", KO)):
        cmg(mini.root, "mark", locale, path, "--all")
    return [f for f in mini.validate() if f.code == code and f.path == ES]


def test_a_dropped_checklist_item_is_reported_at_the_checklist(mini):
    mini.replace(ES, "- [ ] Muestras tomadas\n", "")
    [f] = _found(mini, "CMG205")
    line = mini.line_of(ES, "- [ ] Nota de entrega recibida")
    assert f.line == line != mini.line_of(ES, "{#dm-inspection}")
    assert f"checklist at line {line}" in f.message
    assert "1 item" in f.message and "2 items" in f.message
    assert f"line {mini.line_of(EN, '- [ ] Delivery note received')}" in f.message  # where the source's is


def test_a_checklist_made_a_plain_list_says_so(mini):
    mini.replace(ES, "- [ ] Nota de entrega recibida\n- [ ] Muestras tomadas", "- Nota de entrega recibida\n- Muestras tomadas")
    [f] = _found(mini, "CMG205")
    assert f.line == mini.line_of(ES, "- Nota de entrega recibida")
    assert "has 2 items, none of them checklist items; the source's" in f.message and "has 2 checklist items" in f.message


def _form_and_text_lists(mini):
    """A list in the clause's text and one in its model form, in the source and both translations."""
    mini.replace(EN, "| Contract | Rate |", "- Goods\n- Works\n\n| Contract | Rate |")
    mini.replace(EN, "{{delay_days}} days of delay.", "{{delay_days}} days of delay.\n\n    - Copy to file\n    - Copy to supplier")
    mini.replace(KO, "| 계약 | 요율 |", "- 물품\n- 공사\n\n| 계약 | 요율 |")
    mini.replace(KO, "지체일수 {{delay_days}}일.", "지체일수 {{delay_days}}일.\n\n    - 문서철 사본\n    - 공급자 사본")


def test_a_forms_list_is_counted_apart_from_the_texts_lists(mini):
    _form_and_text_lists(mini)
    # one item more in the text's list, one fewer in the form's: the totals agree, the lists do not
    mini.replace(ES, "| Contrato | Tasa |", "- Bienes\n- Obras\n- Servicios\n\n| Contrato | Tasa |")
    mini.replace(ES, "{{delay_days}} días de retraso.", "{{delay_days}} días de retraso.\n\n    - Copia al expediente")
    found = sorted(_found(mini, "CMG205"), key=lambda f: f.line)
    assert [f.line for f in found] == [mini.line_of(ES, "- Bienes"), mini.line_of(ES, "- Copia al expediente")]
    assert "3 items" in found[0].message and "form" not in found[0].message
    assert "form's list" in found[1].message and "1 item;" in found[1].message
    assert all(f.clause == "dm-rate" for f in found)


def test_matching_lists_in_text_and_form_pass(mini):
    _form_and_text_lists(mini)
    mini.replace(ES, "| Contrato | Tasa |", "- Bienes\n- Obras\n\n| Contrato | Tasa |")
    mini.replace(ES, "{{delay_days}} días de retraso.",
                 "{{delay_days}} días de retraso.\n\n    - Copia al expediente\n    - Copia al proveedor")
    assert _found(mini, "CMG205") == []


def test_a_list_made_prose_names_the_lists_that_remain(mini):
    _form_and_text_lists(mini)
    mini.replace(ES, "{{delay_days}} días de retraso.",
                 "{{delay_days}} días de retraso.\n\n    - Copia al expediente\n    - Copia al proveedor")
    [f] = _found(mini, "CMG205")  # the text's list is missing altogether
    assert "0 lists in its text where the source has 1" in f.message
    assert f"source lines: {mini.line_of(EN, '- Goods')}" in f.message


def test_a_continued_item_and_a_loose_list_stay_one_list(mini):
    mini.replace(ES, "- [ ] Nota de entrega recibida\n", "- [ ] Nota de entrega\nrecibida y firmada\n\n")
    assert _found(mini, "CMG205") == []


def _three_rows(mini):
    mini.replace(EN, "| Goods | 0.075 % |", "| Goods | 0.075 % |\n| Works | 0.05 % |\n| Services | 0.0625 % |")
    mini.replace(KO, "| 물품 | 0.075% |", "| 물품 | 0.075% |\n| 공사 | 0.05% |\n| 용역 | 0.0625% |")


def test_an_added_row_is_named_with_its_line(mini):
    _three_rows(mini)
    mini.replace(ES, "| Bienes | 0.075 % |", "| Bienes | 0.075 % |\n| Suministros | 0.1 % |\n| Obras | 0.05 % |\n"
                 "| Servicios | 0.0625 % |")
    [f] = _found(mini, "CMG206")
    line = mini.line_of(ES, "| Suministros |")
    assert f.line == line
    assert f"row 2 below the header (line {line})" in f.message and "not in the source" in f.message


def test_a_dropped_row_is_named_with_the_sources_line(mini):
    _three_rows(mini)
    mini.replace(ES, "| Bienes | 0.075 % |", "| Bienes | 0.075 % |\n| Servicios | 0.0625 % |")
    [f] = _found(mini, "CMG206")
    assert f"row 2 below the header (source line {mini.line_of(EN, '| Works |')})" in f.message
    assert f.line == mini.line_of(ES, "| Servicios |")  # where the missing row belongs


def test_a_row_with_other_cells_is_named(mini):
    mini.replace(ES, "| Bienes | 0.075 % |", "| Bienes | 0.075 % | nota |")
    [f] = _found(mini, "CMG206")
    assert f.line == mini.line_of(ES, "| Bienes |")
    assert "row 1 below the header" in f.message and "3 cells" in f.message and "has 2" in f.message
