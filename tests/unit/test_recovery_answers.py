"""Knowledge answers of an access recovery: compared the way people type them, and never
more than a hint for the reviewer."""

from datetime import date

from chalicelib.domain.recovery import answers_matched, plain
from chalicelib.domain.registry import professional_from_row
from tests.conftest import registry_row


def test_names_compare_without_accents_case_or_extra_spaces() -> None:
    assert plain("  MARIA  da Conceição ") == plain("maria da conceicao")
    assert plain("João") != plain("Joana")
    assert plain(None) == ""


def test_each_answer_says_whether_it_matched(council) -> None:
    ana = professional_from_row(registry_row(), council)
    personal, filiation = ana.data.personal, ana.data.filiation
    assert personal.birth_date and filiation.mother_name

    right = answers_matched(ana, " 12345t ", personal.birth_date, filiation.mother_name.upper())
    wrong = answers_matched(ana, "99999-T", date(1900, 1, 1), "Outra Pessoa")

    assert right == {"registration_number": True, "birth_date": True, "mother_name": True}
    assert wrong == {"registration_number": False, "birth_date": False, "mother_name": False}


def test_no_mother_on_file_matches_no_answer(council) -> None:
    ana = professional_from_row(registry_row(mother_name=""), council)

    assert answers_matched(ana, "x", date(1980, 1, 1), "")["mother_name"] is False
