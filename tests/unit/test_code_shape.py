"""The code's shape, as the code-health issue set it: short functions with few parameters, and
services and event handlers that see only domain objects and ports (tools/code_shape.py)."""

from __future__ import annotations

from tools.code_shape import chalicelib_files, problems


def test_every_function_in_chalicelib_is_short_and_takes_few_parameters() -> None:
    # Given every module of the functions' code
    files = chalicelib_files()

    # When the rules are checked
    found = [line for line in problems(files) if "imports" not in line]

    # Then none is longer than 60 lines or takes more than 6 parameters
    assert len(files) > 40
    assert found == []


def test_services_and_event_handlers_reach_storage_and_aws_only_through_the_composition_root() -> (
    None
):
    found = [line for line in problems(chalicelib_files()) if "imports" in line]

    assert found == []


def test_the_rules_catch_what_they_are_about(tmp_path) -> None:
    # Given a service module with a long function of many parameters that imports boto3
    probe = tmp_path / "chalicelib" / "services" / "probe.py"
    probe.parent.mkdir(parents=True)
    body = "\n".join(f"    x{n} = {n}" for n in range(61))
    probe.write_text(f"import boto3\n\n\ndef f(a, b, c, d, e, f, g):\n{body}\n", encoding="utf-8")

    # When the rules are checked on it
    found = problems([probe], root=tmp_path)

    # Then each rule names it
    assert any("f() has 62 lines" in line for line in found)
    assert any("f() takes 7 parameters" in line for line in found)
    assert any("imports boto3" in line for line in found)
