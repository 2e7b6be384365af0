"""The demo registry shown to council staff looks like real people: first names that match the
sex, mothers with women's names and fathers with men's, no surname twice in one name, and a CEP,
city and UF that belong together in the row's region."""

from __future__ import annotations

import pytest

from chalicelib.domain.campaign import Council
from chalicelib.domain.registry import professional_from_row
from local.demo import CEP_RANGES, CITIES, FEMALE_NAMES, MALE_NAMES, SURNAMES, registry_rows

COUNT = 500


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    from chalicelib import dependencies

    return list(registry_rows(COUNT, dependencies.council()))


def first_name(full: str) -> str:
    return full.split()[0]


def surnames(full: str) -> list[str]:
    return full.split()[1:]


def test_first_names_match_the_sex_and_parents_are_a_woman_and_a_man(
    rows: list[dict[str, str]],
) -> None:
    women = [row for row in rows if row["sex"] == "F"]
    men = [row for row in rows if row["sex"] == "M"]

    assert len(women) > COUNT // 3 and len(men) > COUNT // 3
    assert all(first_name(row["name"]) in FEMALE_NAMES for row in women)
    assert all(first_name(row["name"]) in MALE_NAMES for row in men)
    assert all(first_name(row["mother_name"]) in FEMALE_NAMES for row in rows)
    assert all(first_name(row["father_name"]) in MALE_NAMES for row in rows)
    assert not set(FEMALE_NAMES) & set(MALE_NAMES)


def test_no_name_bears_a_surname_twice_and_each_comes_from_a_parent(
    rows: list[dict[str, str]],
) -> None:
    for row in rows:
        for full in (row["name"], row["mother_name"], row["father_name"]):
            assert len(set(surnames(full))) == len(surnames(full)), full
            assert first_name(full) not in SURNAMES, full
        maternal, paternal = surnames(row["name"])
        assert row["mother_name"].endswith(" " + maternal), row
        assert row["father_name"].endswith(" " + paternal), row


def test_cep_city_and_uf_belong_together_in_the_rows_region(
    rows: list[dict[str, str]], council: Council
) -> None:
    for row in rows:
        prefix = int(row["cep"][:5])
        assert len(row["cep"]) == 8 and row["cep"].isdigit(), row
        assert any(low <= prefix <= high for low, high in CEP_RANGES[row["uf"]]), row
        city = next(city for city in CITIES[row["uf"]] if city.name == row["city"])
        assert city.ceps[0] <= prefix <= city.ceps[1], row
        assert row["phone"].startswith(city.ddd), row
        region = council.region(row["region"])
        assert region is not None and row["uf"] in region.ufs, row
        assert row["birth_city"] in {city.name for city in CITIES[row["birth_uf"]]}, row


def test_every_city_of_the_table_has_its_ceps_within_its_ufs_range() -> None:
    for uf, cities in CITIES.items():
        for city in cities:
            low, high = city.ceps
            assert any(start <= low and high <= end for start, end in CEP_RANGES[uf]), city


def test_the_regions_take_turns_and_every_uf_of_the_council_shows_up(
    rows: list[dict[str, str]], council: Council
) -> None:
    codes = [region.code for region in council.regions]

    assert [row["region"] for row in rows[: len(codes)]] == codes
    assert {row["uf"] for row in rows} == {uf for region in council.regions for uf in region.ufs}


def test_each_row_passes_the_registry_import_rules_and_the_same_index_gives_the_same_person(
    rows: list[dict[str, str]], council: Council
) -> None:
    professionals = [professional_from_row(row, council) for row in rows]

    assert len({professional.document for professional in professionals}) == COUNT
    assert len({row["email"] for row in rows}) == COUNT
    assert list(registry_rows(30, council)) == rows[:30]
