"""E-mails: pt-BR Jinja2 templates (text and HTML) in chalicelib/templates/email/."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "email"
SUBJECTS = {
    "login_code": "Seu código de acesso ao recadastramento",
}


@dataclass(frozen=True)
class Email:
    subject: str
    text: str
    html: str


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


def render(template: str, **values: Any) -> Email:
    environment = _environment()
    return Email(
        subject=SUBJECTS[template],
        text=environment.get_template(f"{template}.txt").render(**values),
        html=environment.get_template(f"{template}.html").render(**values),
    )
