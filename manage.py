"""Recadastro's management CLI. Acts on the running local stack by default (`make run`);
`--stage dev|prod` acts on a deployed stage with the AWS credentials of the environment.

    python manage.py import-registry FILE
    python manage.py add-staff --username U --password P --name N --email E --role reviewer|admin [--region CODE]...
    python manage.py seed-demo [--professionals N]
    python manage.py export-changes [--region CODE] [--since YYYY-MM-DD] [--output FILE]
    python manage.py remind [--today YYYY-MM-DD]
    python manage.py copy-former-logs
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from local.stack import aws_environment, read_stack_file, stage_environment, state_dir

if TYPE_CHECKING:
    from chalicelib.services.ports import StaffDirectory

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class CommandError(Exception):
    """A problem to tell the operator, in pt-BR, before exiting with a non-zero status."""


def configure(stage: str) -> None:
    """The environment the app's code expects: the stage's variables and where AWS is."""
    if stage != "local":
        os.environ.update(stage_environment(stage))
        return
    stack = read_stack_file(state_dir(os.environ))
    if stack is None:
        raise CommandError(
            "A pilha local não está rodando: rode `make run` em outro terminal "
            "(ou use --stage para agir sobre um stage na AWS)."
        )
    os.environ.update(stage_environment(stage))
    os.environ.update(aws_environment(stack["dynamodb"], stack["moto"]))
    os.environ["STAFF_USER_POOL_ID"] = stack["staff_user_pool_id"]
    os.environ["STAFF_USER_POOL_CLIENT_ID"] = stack["staff_user_pool_client_id"]


def staff_directory() -> StaffDirectory:
    from chalicelib import dependencies

    if not dependencies.settings().staff_user_pool_id:
        raise CommandError("Defina STAFF_USER_POOL_ID com o id do user pool da equipe.")
    return dependencies.staff_directory()


def import_registry_command(arguments: argparse.Namespace) -> int:
    from tqdm import tqdm

    from chalicelib import dependencies
    from chalicelib.adapters.registry_csv import read_registry
    from chalicelib.domain.registry import RowRejected
    from chalicelib.services.registry import import_registry

    path = Path(arguments.file)
    if not path.is_file():
        raise CommandError(f"Arquivo não encontrado: {path}")
    with (
        path.open("rb") as stream,
        tqdm(
            total=path.stat().st_size,
            unit="B",
            unit_scale=True,
            desc="importando",
            file=sys.stderr,
            disable=arguments.quiet,
        ) as progress,
    ):

        def rejected(line: int, error: RowRejected) -> None:
            progress.write(f"linha {line}: {error}", file=sys.stderr)

        report = import_registry(
            read_registry(stream, on_bytes=progress.update),
            dependencies.council(),
            dependencies.professionals(),
            on_rejected=rejected,
        )
    print(report)
    return EXIT_OK


def add_staff_command(arguments: argparse.Namespace) -> int:
    from chalicelib import dependencies
    from chalicelib.services.staff import NewStaff, add_staff

    new = NewStaff(
        username=arguments.username,
        password=arguments.password,
        name=arguments.name,
        email=arguments.email,
        role=arguments.role,
        regions=tuple(arguments.region),
    )
    groups = add_staff(staff_directory(), dependencies.council(), new)
    print(f"usuário {arguments.username} criado (grupos: {', '.join(groups)})")
    return EXIT_OK


def seed_demo_command(arguments: argparse.Namespace) -> int:
    from chalicelib import dependencies
    from local.demo import seed_demo

    report = seed_demo(
        dependencies.council(),
        dependencies.professionals(),
        staff_directory(),
        count=arguments.professionals,
    )
    print(f"profissionais de demonstração: {report}")
    return EXIT_OK


def export_changes_command(arguments: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    from chalicelib import dependencies
    from chalicelib.domain.staff import Role, StaffCall, StaffMember
    from chalicelib.services.review import ExportQuery, export_changes

    # The operator acts as a national admin: the CLI runs with the stage's own credentials.
    operator = StaffCall(StaffMember("manage.py", Role.ADMIN, ()), "cli", datetime.now(UTC))
    query = ExportQuery(region=arguments.region, since=arguments.since)
    pieces = export_changes(operator, query, dependencies.staff_reads())
    if arguments.output:
        with open(arguments.output, "w", encoding="utf-8", newline="") as output:
            output.writelines(pieces)
    else:
        sys.stdout.writelines(pieces)
    return EXIT_OK


def remind_command(arguments: argparse.Namespace) -> int:
    from datetime import UTC, date, datetime

    from tqdm import tqdm

    from chalicelib.domain.campaign import brasilia_day
    from chalicelib.domain.messages import message
    from chalicelib.events.schedules import run_reminders
    from local.pump import LambdaContext

    now = datetime.now(UTC)
    try:
        today = date.fromisoformat(arguments.today) if arguments.today else brasilia_day(now)
    except ValueError as error:
        raise CommandError(message("invalid_since")) from error
    # As long as a Lambda may run: what a crash leaves half-done is taken up after it.
    context = LambdaContext("manage-remind", timeout_seconds=900)
    with tqdm(unit=" e-mails", disable=arguments.quiet) as bar:
        run = run_reminders(today, context, now, progress=bar.update)
    if run.skipped:
        print(message(f"reminders_{run.skipped}", day=today.strftime("%d/%m/%Y")))
        return EXIT_OK
    print(
        message(
            "reminders_done", day=today.strftime("%d/%m/%Y"), days_left=run.days_left,
            sent=run.sent, read=run.read, without_email=run.without_email, failed=run.failed,
        )
    )  # fmt: skip
    if not run.finished:
        print(message("reminders_unfinished"), file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


def copy_former_logs_command(arguments: argparse.Namespace) -> int:
    """Once per stage deployed before the subject log: the audit trails and e-mail deliveries
    of the two tables it replaced (left in the account, out of the stack) are copied into it."""
    from chalicelib import dependencies
    from chalicelib.adapters.dynamodb.subject_log import copy_former_logs

    client = dependencies.boto3_client("dynamodb")
    audit = arguments.audit_table or f"recadastro-{arguments.stage}-audit"
    deliveries = arguments.deliveries_table or f"recadastro-{arguments.stage}-deliveries"
    try:
        copied = copy_former_logs(client, dependencies.tables(), audit, deliveries)
    except client.exceptions.ResourceNotFoundException as error:
        raise CommandError(
            f"Tabela antiga não encontrada ({audit} ou {deliveries}): nada a copiar neste stage."
        ) from error
    print(f"registros copiados para o histórico: {copied}")
    return EXIT_OK


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="manage.py", description="Gestão do Recadastro.")
    root.add_argument(
        "--stage", default="local", choices=("local", "dev", "prod"), help="padrão: local"
    )
    commands = root.add_subparsers(dest="command", required=True)

    registry = commands.add_parser("import-registry", help="importa o cadastro (CSV)")
    registry.add_argument("file", help="CSV separado por , ou ;, em UTF-8 ou Windows-1252")
    registry.add_argument("--quiet", action="store_true", help="sem barra de progresso")
    registry.set_defaults(run=import_registry_command)

    staff = commands.add_parser("add-staff", help="cria um revisor ou administrador")
    staff.add_argument("--username", required=True)
    staff.add_argument("--password", required=True)
    staff.add_argument("--name", required=True)
    staff.add_argument("--email", required=True, help="recebe os avisos das regionais")
    staff.add_argument("--role", required=True, choices=("reviewer", "admin"))
    staff.add_argument("--region", action="append", default=[], help="regional (repetível)")
    staff.set_defaults(run=add_staff_command)

    export = commands.add_parser(
        "export-changes", help="alterações aprovadas em CSV (;, UTF-8 com BOM)"
    )
    export.add_argument("--region", help="só esta regional")
    export.add_argument("--since", help="aprovadas desde AAAA-MM-DD")
    export.add_argument("--output", help="arquivo de saída (padrão: a saída padrão)")
    export.set_defaults(run=export_changes_command)

    remind = commands.add_parser("remind", help="roda uma vez o envio diário de lembretes")
    remind.add_argument("--today", help="o dia do envio, AAAA-MM-DD (padrão: hoje em Brasília)")
    remind.add_argument("--quiet", action="store_true", help="sem barra de progresso")
    remind.set_defaults(run=remind_command)

    former = commands.add_parser(
        "copy-former-logs", help="copia auditoria e envios das tabelas antigas para o histórico"
    )
    former.add_argument("--audit-table", help="padrão: recadastro-<stage>-audit")
    former.add_argument("--deliveries-table", help="padrão: recadastro-<stage>-deliveries")
    former.set_defaults(run=copy_former_logs_command)

    seed = commands.add_parser("seed-demo", help="carrega o conjunto de demonstração")
    seed.add_argument("--professionals", type=int, default=200)
    seed.set_defaults(run=seed_demo_command)
    return root


def main(argv: list[str] | None = None) -> int:
    from chalicelib.domain.errors import DomainError

    arguments = parser().parse_args(argv)
    run: Callable[[argparse.Namespace], int] = arguments.run
    try:
        configure(arguments.stage)
        return run(arguments)
    except CommandError as error:
        print(f"erro: {error}", file=sys.stderr)
        return EXIT_FAILED
    except DomainError as error:
        print(f"erro: {error.message}", file=sys.stderr)
        for field, text in error.fields.items():
            print(f"  {field}: {text}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
