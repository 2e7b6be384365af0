"""E-mails: pt-BR Jinja2 templates (text and HTML) in chalicelib/templates/email/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "email"
SUBJECTS = {
    "login_code": "Seu código de acesso ao recadastramento",
    "new_requests": "Novas solicitações para análise — {region}",
    "request_decided_returned": "Sua solicitação {protocol} precisa de complementação",
    "request_decided_rejected": "Sua solicitação {protocol} não foi aprovada",
    "request_decided_approved": "Sua solicitação {protocol} foi aprovada",
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
