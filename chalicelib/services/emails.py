"""E-mails: pt-BR Jinja2 templates (text and HTML) in chalicelib/templates/email/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chalicelib.domain.clock import iso
from chalicelib.domain.staff import region_group
from chalicelib.observability import logger
from chalicelib.services.ports import Delivery, Outbox, StaffDirectory

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "email"
SUBJECTS = {
    "login_code": "Seu código de acesso ao recadastramento",
    "new_requests": "Novas solicitações para análise — {region}",
    "request_decided_returned": "Sua solicitação {protocol} precisa de complementação",
    "request_decided_rejected": "Sua solicitação {protocol} não foi aprovada",
    "request_decided_confirmation_approved": "Sua confirmação dos dados foi aprovada — protocolo {protocol}",
    "request_decided_confirmation_returned": "Sua confirmação dos dados precisa de complementação — protocolo {protocol}",
    "request_decided_confirmation_rejected": "Sua confirmação dos dados não foi aprovada — protocolo {protocol}",
    "request_received_confirmation_entered": "Recebemos sua confirmação dos dados — protocolo {protocol}",
    "request_decided_approved": "Sua alteração foi aprovada — protocolo {protocol}",
    "request_received_change": "Recebemos sua solicitação {protocol}",
    "request_received_resubmitted": "Recebemos o reenvio da sua solicitação {protocol}",
    "request_received_confirmation": "Recebemos sua confirmação dos dados — protocolo {protocol}",
    "contact_email_changed": "O e-mail de contato do seu recadastramento foi trocado",
    "recovery_code": "Seu código para recuperar o acesso ao recadastramento",
    "recovery_not_found": "Pedido de recuperação de acesso ao recadastramento",
    "recovery_approved": "Seu acesso ao recadastramento foi recuperado — protocolo {protocol}",
    "recovery_returned": "Seu pedido de recuperação de acesso precisa de complementação — protocolo {protocol}",
    "recovery_rejected": "Seu pedido de recuperação de acesso não foi aprovado — protocolo {protocol}",
    "recovery_old_address": "O e-mail de acesso ao seu recadastramento foi trocado",
    "card_requested": "Sua atualização cadastral foi concluída!",
    "reminder": "Recadastramento obrigatório: o prazo termina em {deadline}",
    "stalled_digest": "Solicitações paradas há mais de {stall_days} dias — {region}",
}
GROUP_NAMES = {
    "personal": "dados pessoais",
    "filiation": "filiação",
    "birthplace": "naturalidade",
    "documents": "documentos",
    "address": "endereço",
    "phones": "telefones",
    "emails": "e-mails",
    None: "declaração de que não há alterações",
}


@dataclass(frozen=True)
class Email:
    subject: str
    text: str
    html: str


@lru_cache(maxsize=1)
def _environment() -> Environment:
    # Jinja2 loads when a function first sends an e-mail, not in every function's cold start.
    from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render(template: str, subject: str | None = None, **values: Any) -> Email:
    """The message of `template` (its .txt and .html); `subject` names another subject line
    of SUBJECTS when one template serves several."""
    environment = _environment()
    return Email(
        subject=SUBJECTS[subject or template].format(**values),
        text=environment.get_template(f"{template}.txt").render(**values),
        html=environment.get_template(f"{template}.html").render(**values),
    )


def send_email(
    outbox: Outbox, to: list[str], message: Email, template: str, subject: str, now: datetime
) -> None:
    """Sends one message and logs it under `subject`, once per address, sent or failed; a
    failure raises after it is logged, so the caller's retry sends it again."""
    at = iso(now)
    try:
        message_id = outbox.mailer.send(to, message.subject, message.text, message.html)
    except Exception as error:
        for address in to:
            outbox.deliveries.record(
                Delivery(subject, at, address, template, "failed", error=str(error)[:500])
            )
        raise
    for address in to:
        outbox.deliveries.record(
            Delivery(subject, at, address, template, "sent", message_id=message_id)
        )


def mail_reviewers(
    code: str,
    message: Email,
    template: str,
    directory: StaffDirectory,
    outbox: Outbox,
    now: datetime,
) -> dict[str, Any]:
    """Sends a message to a region's reviewers (logged under the region)."""
    reviewers = directory.emails_of_group(region_group(code))
    if not reviewers:
        logger.warning("no reviewer to e-mail", region=code, template=template)
        return {"sent": 0}
    send_email(outbox, reviewers, message, template, f"region#{code}", now)
    return {"sent": len(reviewers)}
