"""`make run`: the whole system on one machine, no AWS account (DESIGN.md, "Locally").

Starts DynamoDB Local and a moto server standing in for S3/SES/Cognito/Secrets Manager/SQS (each
a process of its own), the Chalice app on Chalice's local server, the pump that feeds the app's
stream and schedule handlers, the card-vendor simulator, the gov.br simulator (an account for every
demo professional) and the static web. Seeds a demo data set on first start. Ctrl-C (or SIGTERM) stops everything it started."""

from __future__ import annotations

import json
import logging
import os
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

if TYPE_CHECKING:
    from chalicelib.settings import Settings
    from local.moto_process import RemoteMotoState

STACK_FILE = "stack.json"
# The demo professionals seeded on first start; each also has a gov.br account.
DEMO_PROFESSIONALS = 200


@dataclass(frozen=True)
class Ports:
    api: int
    web: int
    vendor: int
    govbr: int
    dynamodb: int
    moto: int

    @classmethod
    def from_env(cls, environ: dict[str, str] | os._Environ[str]) -> Ports:
        return cls(
            api=int(environ.get("API_PORT", 8000)),
            web=int(environ.get("WEB_PORT", 8080)),
            vendor=int(environ.get("VENDOR_PORT", 8100)),
            govbr=int(environ.get("GOVBR_PORT", 8200)),
            dynamodb=int(environ.get("DYNAMODB_PORT", 8001)),
            moto=int(environ.get("MOTO_PORT", 5000)),
        )


def state_dir(environ: dict[str, str] | os._Environ[str]) -> Path:
    return Path(environ.get("RECADASTRO_STATE_DIR", ROOT / ".local")).resolve()


def stage_environment(stage: str) -> dict[str, str]:
    """The environment variables .chalice/config.json gives a stage, as Lambda would get them."""
    config = json.loads((ROOT / ".chalice" / "config.json").read_text(encoding="utf-8"))
    environment = dict(config.get("environment_variables", {}))
    environment.update(config["stages"][stage].get("environment_variables", {}))
    return environment


def aws_environment(dynamodb_endpoint: str, moto_endpoint: str) -> dict[str, str]:
    """Fake credentials, and every AWS endpoint pointed at the local stand-ins."""
    return {
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_ACCOUNT_ID_ENDPOINT_MODE": "disabled",
        "AWS_ENDPOINT_URL": moto_endpoint,
        "AWS_ENDPOINT_URL_DYNAMODB": dynamodb_endpoint,
        "AWS_ENDPOINT_URL_DYNAMODB_STREAMS": dynamodb_endpoint,
    }


def read_stack_file(directory: Path) -> dict[str, Any] | None:
    path = directory / STACK_FILE
    return json.loads(path.read_text()) if path.exists() else None


class Stack:
    def __init__(self, ports: Ports, directory: Path) -> None:
        self.ports = ports
        self.directory = directory
        self._stoppers: list[Any] = []

    def url(self, port: int) -> str:
        return f"http://127.0.0.1:{port}"

    def start(self) -> dict[str, Any]:
        self.directory.mkdir(parents=True, exist_ok=True)
        (self.directory / "logs").mkdir(exist_ok=True)
        os.environ.update(stage_environment("local"))
        os.environ.update(aws_environment(self.url(self.ports.dynamodb), self.url(self.ports.moto)))
        os.environ["WEB_ORIGIN"] = self.url(self.ports.web)
        os.environ["VENDOR_URL"] = self.url(self.ports.vendor)
        # gov.br's SSO and API hosts are one simulator here; the callback is the one registered.
        os.environ["GOVBR_SSO_URL"] = self.url(self.ports.govbr)
        os.environ["GOVBR_API_URL"] = self.url(self.ports.govbr)
        os.environ["GOVBR_REDIRECT_URI"] = f"{self.url(self.ports.api)}/auth/govbr/callback"

        moto_state = self._start_stores()

        from chalicelib import dependencies
        from chalicelib.adapters.dynamodb.models import create_tables
        from chalicelib.settings import get_settings
        from local.aws_resources import create_resources

        resources = create_resources(get_settings(), dependencies.council(), moto_state)
        os.environ["STAFF_USER_POOL_ID"] = resources.user_pool_id
        os.environ["STAFF_USER_POOL_CLIENT_ID"] = resources.user_pool_client_id
        dependencies.reset()
        settings = dependencies.settings()
        create_tables(dependencies.tables())

        stack_info = self._info(resources.user_pool_id, resources.user_pool_client_id)
        # Written before seeding: seeding goes through the same code as `manage.py`.
        (self.directory / STACK_FILE).write_text(json.dumps(stack_info, indent=2))
        self._stoppers.append(lambda: (self.directory / STACK_FILE).unlink(missing_ok=True))

        self._seed_once()
        self._start_govbr(settings, moto_state)

        import boto3

        from app import app
        from local.api_server import start_api
        from local.pump import Pump
        from local.static_web import StaticWeb

        self._stoppers.append(start_api(app, "127.0.0.1", self.ports.api))
        clients = {
            "dynamodb": boto3.client("dynamodb"),
            "dynamodbstreams": boto3.client("dynamodbstreams"),
            "sqs": boto3.client("sqs"),
            "dlq_url": resources.dlq_url,
        }
        pump = Pump(app, settings.tables, clients, self.directory)
        pump.start()
        self._stoppers.append(pump.stop)

        self._start_vendor(
            settings.vendor_api_key_secret_name, settings.vendor_webhook_secret_name, moto_state
        )

        web = StaticWeb("127.0.0.1", self.ports.web, {"apiUrl": self.url(self.ports.api)})
        web.start()
        self._stoppers.append(web.stop)
        return stack_info

    def _info(self, user_pool_id: str, user_pool_client_id: str) -> dict[str, Any]:
        return {
            "api": self.url(self.ports.api),
            "web": self.url(self.ports.web),
            "vendor": self.url(self.ports.vendor),
            "govbr": self.url(self.ports.govbr),
            "dynamodb": self.url(self.ports.dynamodb),
            "moto": self.url(self.ports.moto),
            "staff_user_pool_id": user_pool_id,
            "staff_user_pool_client_id": user_pool_client_id,
            "pid": os.getpid(),
        }

    def _seed_once(self) -> None:
        seeded = self.directory / "seeded"
        if not seeded.exists():
            from chalicelib import dependencies
            from local.demo import seed_demo

            seed_demo(
                dependencies.council(),
                dependencies.professionals(),
                dependencies.staff_directory(),
                count=DEMO_PROFESSIONALS,
            )
            seeded.write_text("demo data set loaded\n")

    def _start_stores(self) -> RemoteMotoState:
        """DynamoDB Local and the moto server, each a process of its own; the state directory
        of the moto server as this process reads it."""
        from local.dynamodb_local import DynamoDBLocal
        from local.moto_process import MotoProcess, RemoteMotoState

        # Both start at once: each takes seconds, mostly to load.
        logs = self.directory / "logs"
        moto = MotoProcess("127.0.0.1", self.ports.moto, self.directory / "aws", logs / "moto.log")
        moto.start()
        self._stoppers.append(moto.stop)
        dynamodb = DynamoDBLocal(
            self.ports.dynamodb, self.directory / "dynamodb", logs / "dynamodb.log"
        )
        dynamodb.start()
        self._stoppers.append(dynamodb.stop)
        moto.wait_until_ready()
        return RemoteMotoState(self.directory / "aws", moto.endpoint)

    def _start_vendor(
        self, api_key_name: str, webhook_secret_name: str, moto_state: RemoteMotoState
    ) -> None:
        from local.vendor_sim import VendorSimulator

        # The simulator holds the same API key and webhook secret as Secrets Manager (moto).
        vendor = VendorSimulator(
            "127.0.0.1",
            self.ports.vendor,
            api_key=moto_state.secret_value(api_key_name),
            state_file=self.directory / "vendor.json",
            fail_rate=float(os.environ.get("VENDOR_SIM_FAIL_RATE", 0)),
            latency_ms=int(os.environ.get("VENDOR_SIM_LATENCY_MS", 0)),
            webhook_url=f"{self.url(self.ports.api)}/vendor/events",
            webhook_secret=moto_state.secret_value(webhook_secret_name),
            event_delay_s=float(os.environ.get("VENDOR_SIM_EVENT_DELAY_S", 5)),
        )
        vendor.start()
        self._stoppers.append(vendor.stop)

    def _start_govbr(self, settings: Settings, moto_state: RemoteMotoState) -> None:
        """gov.br's Login Único, our client registered as gov.br would have it (the secret the
        same as in Secrets Manager), an account for every demo professional."""
        from local.govbr_sim import Client, GovbrSimulator

        govbr = GovbrSimulator(
            "127.0.0.1",
            self.ports.govbr,
            self.directory / "govbr.json",
            public_url=self.url(self.ports.govbr),
        )
        if settings.govbr_client_id:
            govbr.register_client(
                Client(
                    client_id=settings.govbr_client_id,
                    secret=moto_state.secret_value(settings.govbr_client_secret_name),
                    redirect_uri=settings.govbr_redirect_uri,
                    post_logout_redirect_uri=f"{self.url(self.ports.web)}/",
                )
            )
        for account in demo_govbr_accounts():
            govbr.put_account(account, replace=False)
        govbr.start()
        self._stoppers.append(govbr.stop)

    def stop(self) -> None:
        while self._stoppers:
            stopper = self._stoppers.pop()
            try:
                stopper()
            except Exception:
                logging.getLogger(__name__).exception("while stopping")


def demo_govbr_accounts() -> list[dict[str, Any]]:
    """A gov.br account (silver, e-mail verified) for each demo professional on file, with the
    name and first e-mail the registry holds now."""
    from chalicelib import dependencies
    from local.demo import registry_rows

    documents = [
        row["document"] for row in registry_rows(DEMO_PROFESSIONALS, dependencies.council())
    ]
    on_file = dependencies.professionals().get_many(documents)
    return [
        {
            "cpf": professional.document,
            "name": professional.data.personal.name,
            "email": professional.data.emails[0].address if professional.data.emails else "",
            "email_verified": bool(professional.data.emails),
            "level": "silver",
        }
        for professional in on_file.values()
    ]


def banner(info: dict[str, Any]) -> str:
    from chalicelib import dependencies
    from local.demo import DEMO_PASSWORD, demo_staff, registry_rows

    council = dependencies.council()
    documents = [row["document"] for row in registry_rows(len(council.regions), council)]
    lines = [
        "",
        "Recadastro está no ar (stage local). Ctrl-C para parar.",
        "",
        f"  Site dos profissionais   {info['web']}/",
        f"  Página da equipe         {info['web']}/admin/",
        f"  API                      {info['api']}  (GET /health, /campaign, /openapi.json)",
        f"  E-mails enviados         {info['api']}/_dev/outbox",
        f"  Simulador da gráfica     {info['vendor']}/v1/cardholders",
        f"  Simulador do gov.br      {info['govbr']}  (entre com um CPF de demonstração)",
        f"  DynamoDB Local           {info['dynamodb']}",
        f"  AWS local (moto)         {info['moto']}",
        "",
        "  Profissionais de demonstração (o código de acesso chega em /_dev/outbox):",
        *[
            f"    CPF {document[:3]}.{document[3:6]}.{document[6:9]}-{document[9:]}"
            for document in documents[:3]
        ],
        "",
        f"  Equipe (senha {DEMO_PASSWORD}):",
        *[
            f"    {member.username:<14} {member.role:<9} {', '.join(member.regions) or 'todas as regionais'}"
            for member in demo_staff(council)
        ],
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    for noisy in ("botocore", "werkzeug", "pynamodb"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    stack = Stack(Ports.from_env(os.environ), state_dir(os.environ))
    stopping = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        info = stack.start()
        print(banner(info), flush=True)
        stopping.wait()
        print("Parando...", flush=True)
    finally:
        stack.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
