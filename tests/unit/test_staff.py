import pytest

from chalicelib.domain.errors import Conflict, InvalidInput
from chalicelib.services.staff import NewStaff, add_staff
from tests.fakes import FakeStaffDirectory


def new_staff(directory: FakeStaffDirectory, council, **overrides: object) -> list[str]:
    values: dict = {
        "username": "revisor.sp",
        "password": "Uma-Senha-Forte-1",
        "name": "Revisora SP",
        "email": "revisora@example.org",
        "role": "reviewer",
        "regions": ["sp"],
    } | overrides
    values["regions"] = tuple(values["regions"])
    return add_staff(directory, council, NewStaff(**values))


def test_a_reviewer_joins_the_group_of_each_region(council) -> None:
    directory = FakeStaffDirectory()

    groups = new_staff(directory, council, regions=["sp", "RJ"])

    assert groups == ["region-SP", "region-RJ"]
    assert directory.users["revisor.sp"]["groups"] == groups


def test_an_admin_joins_the_admin_group(council) -> None:
    assert new_staff(FakeStaffDirectory(), council, role="admin", regions=[]) == ["admin"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"regions": []}, "region"),
        ({"regions": ["XX"]}, "region"),
        ({"role": "boss"}, "role"),
        ({"email": "nope"}, "email"),
        ({"username": "A B"}, "username"),
    ],
)
def test_bad_staff_data_names_the_field(council, overrides: dict, field: str) -> None:
    directory = FakeStaffDirectory()

    with pytest.raises(InvalidInput) as error:
        new_staff(directory, council, **overrides)

    assert field in error.value.fields
    assert directory.users == {}


def test_the_same_username_twice_is_a_conflict(council) -> None:
    directory = FakeStaffDirectory()
    new_staff(directory, council)

    with pytest.raises(Conflict):
        new_staff(directory, council)
