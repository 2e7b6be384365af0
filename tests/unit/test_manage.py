from pathlib import Path

import pytest

import manage


def test_acting_on_the_local_stack_when_it_is_not_running_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RECADASTRO_STATE_DIR", str(tmp_path))

    code = manage.main(["import-registry", "cadastro.csv"])

    assert code == manage.EXIT_FAILED
    assert "rode `make run`" in capsys.readouterr().err
