"""`make run` as a new user meets it: the addresses answer, the CLI works on it, data survives."""

from __future__ import annotations

import csv
import socket
import time
from pathlib import Path

from chalicelib.domain.registry import COLUMNS
from tests.conftest import registry_row
from tests.e2e.conftest import LocalStack, get


def test_the_api_answers_health_campaign_and_openapi(stack: LocalStack) -> None:
    assert get(stack.api("/health"))[:2] == (200, {"status": "ok"})

    status, campaign, _ = get(stack.api("/campaign"))
    assert status == 200
    assert campaign["council"].startswith("Conselho Federal")
    assert {"SP", "RJ", "NE"} <= {region["code"] for region in campaign["regions"]}

    status, document, _ = get(stack.api("/openapi.json"))
    assert status == 200 and "/campaign" in document["paths"]


def test_an_unknown_address_gets_a_404_in_the_error_shape(stack: LocalStack) -> None:
    status, body, headers = get(stack.api("/nada/aqui"))

    assert status == 404
    assert body == {"code": "route_not_found", "message": "Endereço não encontrado."}
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cache-Control"] == "no-store"


def test_the_web_page_is_served_in_portuguese_with_the_api_address_as_configuration(
    stack: LocalStack,
) -> None:
    status, page, _ = get(stack.url("WEB_PORT", "/"))
    assert status == 200 and 'lang="pt-BR"' in page

    status, config, _ = get(stack.url("WEB_PORT", "/config.js"))
    assert status == 200 and stack.api("") in config

    assert get(stack.url("WEB_PORT", "/admin/"))[0] == 200


def test_the_outbox_answers_on_the_local_stage(stack: LocalStack) -> None:
    status, messages, _ = get(stack.api("/_dev/outbox"))

    assert status == 200 and isinstance(messages, list)


def test_manage_remind_sends_the_days_reminders_once(stack: LocalStack) -> None:
    """The demo campaign ends on 2027-03-31 and reminds 30, 7 and 1 day before."""
    first = stack.manage("remind", "--today", "2027-03-24", "--quiet")
    again = stack.manage("remind", "--today", "2027-03-24", "--quiet")
    quiet = stack.manage("remind", "--today", "2027-03-23", "--quiet")
    late = stack.manage("remind", "--today", "2027-04-01", "--quiet")
    wrong = stack.manage("remind", "--today", "24/03/2027")

    assert first.returncode == 0, first.stderr
    sent = int(first.stdout.split(": ", 1)[1].split(" enviados")[0])
    assert sent > 0 and "7 dias para o prazo" in first.stdout
    assert again.returncode == 0 and ": 0 enviados" in again.stdout
    assert "não é dia de lembrete" in quiet.stdout and "depois do prazo" in late.stdout
    assert wrong.returncode != 0 and "AAAA-MM-DD" in wrong.stderr
    _, outbox, _ = get(stack.api("/_dev/outbox"))
    reminders = [m for m in outbox if "prazo termina em 31/03/2027" in m["subject"]]
    assert len(reminders) == sent == len({m["to"][0] for m in reminders})


def write_registry(path: Path) -> None:
    rows = [
        registry_row(document="04179467089", registration_number="90001-T"),
        registry_row(document="12345678900", registration_number="90002-T"),
        registry_row(document="93578346055", registration_number="90003-T", region="RJ", uf="RJ"),
    ]
    with path.open("w", newline="", encoding="cp1252") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, delimiter=";")
        writer.writeheader()
        writer.writerows(rows)


def dashboard_total(stack: LocalStack) -> int:
    client = stack.client("dynamodb", "DYNAMODB_PORT")
    item = client.get_item(
        TableName="recadastro-local-counters", Key={"scope": {"S": "all"}, "key": {"S": "totals"}}
    ).get("Item", {})
    return int(item.get("professionals_total", {}).get("N", 0))


def wait_for_total(stack: LocalStack, expected: int, timeout: float = 60) -> int:
    deadline = time.monotonic() + timeout
    total = dashboard_total(stack)
    while total != expected and time.monotonic() < deadline:
        time.sleep(0.5)
        total = dashboard_total(stack)
    return total


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def test_import_staff_and_restart_durability(stack: LocalStack, tmp_path: Path) -> None:
    registry = tmp_path / "cadastro.csv"
    write_registry(registry)

    first = stack.manage("import-registry", str(registry))
    again = stack.manage("import-registry", str(registry))
    staff = stack.manage(
        "add-staff", "--username", "revisora.rj", "--password", "Senha-Forte-2026", "--name", "Revisora RJ",
        "--email", "revisora.rj@example.org", "--role", "reviewer", "--region", "RJ",
    )  # fmt: skip

    assert first.returncode == 0, first.stderr
    assert first.stdout.strip() == "imported 2, unchanged 0, rejected 1"
    assert "linha 3: document: CPF inválido" in first.stderr
    assert again.stdout.strip() == "imported 0, unchanged 2, rejected 1"
    assert staff.returncode == 0, staff.stderr
    # The demo data set (200) plus the two imported, counted by the stream consumer.
    assert wait_for_total(stack, 202) == 202

    bucket = "recadastro-local-attachments"
    s3 = stack.client("s3", "MOTO_PORT")
    s3.put_object(
        Bucket=bucket, Key="uploads/04179467089/comprovante", Body=b"%PDF-1.4 conta de luz"
    )

    assert stack.stop() == 0
    assert all(port_is_free(port) for port in stack.ports.values())

    stack.start()

    after = stack.manage("import-registry", str(registry))
    assert after.stdout.strip() == "imported 0, unchanged 2, rejected 1"
    kept = s3.get_object(Bucket=bucket, Key="uploads/04179467089/comprovante")["Body"].read()
    assert kept == b"%PDF-1.4 conta de luz"
    info = stack.stack_file()
    cognito = stack.client("cognito-idp", "MOTO_PORT")
    signed_in = cognito.initiate_auth(
        ClientId=info["staff_user_pool_client_id"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "revisora.rj", "PASSWORD": "Senha-Forte-2026"},
    )
    assert signed_in["AuthenticationResult"]["AccessToken"]
    # Nothing seeded twice and nothing counted twice after the restart.
    time.sleep(2)
    assert dashboard_total(stack) == 202
