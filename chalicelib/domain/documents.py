"""CPF and CNPJ (the 2026 alphanumeric form included): validation and the stored form."""

from __future__ import annotations

import re

from stdnum.br import cnpj, cpf

from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.messages import message

_PUNCTUATION = re.compile(r"[\s./-]")


def normalize_document(raw: object, field: str = "document") -> str:
    """The document as stored (CPF: 11 digits; CNPJ: 14 uppercase characters), or InvalidInput."""
    compact = _PUNCTUATION.sub("", raw).upper() if isinstance(raw, str) else ""
    if not compact.isascii():
        # str.isdigit() takes full-width and other scripts' digits, which no registry holds.
        raise InvalidInput(fields={field: message("invalid_document")})
    if len(compact) == 11 and compact.isdigit():
        # python-stdnum accepts 111.111.111-11 and the like; the Receita Federal does not.
        if cpf.is_valid(compact) and len(set(compact)) > 1:
            return compact
        raise InvalidInput(fields={field: message("invalid_cpf")})
    if len(compact) == 14 and compact.isalnum():
        if cnpj.is_valid(compact):
            return compact
        raise InvalidInput(fields={field: message("invalid_cnpj")})
    raise InvalidInput(fields={field: message("invalid_document")})


def mask_document(document: str) -> str:
    """What logs and e-mails may show of a document: enough to tell two apart, not to use one."""
    if len(document) <= 5:
        return "*" * len(document)
    return f"{document[:3]}{'*' * (len(document) - 5)}{document[-2:]}"
