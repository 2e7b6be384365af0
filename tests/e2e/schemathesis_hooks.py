"""What schemathesis cannot read in openapi.yaml, taught to it for the fuzzing of test_fuzz.py.

Loaded by schemathesis itself (SCHEMATHESIS_HOOKS), in its own process.

- The formats of openapi.yaml's own: `cpf-cnpj`, a document whose check digits hold, and
  `past-date`, a real date not after today. No pattern can say either, so without these every
  schema-valid document or date the fuzzer made up would be refused, and none would reach the
  code behind the check.
- The card vendor's signature: each report to /vendor/events is signed over the body sent,
  with the stack's shared secret (VENDOR_SECRET, set by the test), so the fuzzing gets past the
  signature to the report itself. A case without the header stays unsigned.
- Refusals that depend on what is stored or on the clock, not on the request's shape, which no
  schema can describe: a cursor this API never gave, uploads that are not in storage, a change
  equal to what is on file, a vendor report from another time than now. A schema-valid request
  answered with one of these is not the document lying, so the "valid data should have been
  accepted" failure it raises is dropped; any other 400 or 422 to valid data still fails.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from datetime import date, timedelta
from typing import Any

import schemathesis
from email_validator import EmailNotValidError, validate_email
from hypothesis import strategies as st
from schemathesis.core import NotSet
from schemathesis.openapi.checks import RejectedPositiveData
from stdnum.br import cnpj

from chalicelib.domain.messages import message

# The codes a refused attachment answers with (openapi.yaml, responses/RejectedAttachment); any
# other `attachment_*` too.
ATTACHMENT_REFUSALS = frozenset(
    {
        "too_many_attachments",
        "attachment_missing",
        "attachment_used",
        "attachment_too_big",
        "attachment_empty",
        "attachment_type",
        "proof_required",
    }
)
STORED_STATE_FIELDS = (
    {"cursor": message("invalid_cursor")},
    {"changes": message("nothing_changes")},
    {"at": message("stale_event")},
)
DROPPED_LOG = "RECADASTRO_FUZZ_DROPPED"
VENDOR_SECRET = "RECADASTRO_FUZZ_VENDOR_SECRET"
CNPJ_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _cpf_check_digits(base: str) -> str:
    """Receita Federal's modulo 11, twice."""
    digits = base
    for weight in (10, 11):
        total = sum((weight - i) * int(digit) for i, digit in enumerate(digits))
        digits += str((11 - total) % 11 % 10)
    return digits[-2:]


@st.composite
def _cpf(draw: st.DrawFn) -> str:
    base = draw(st.text(alphabet="0123456789", min_size=9, max_size=9))
    document = base + _cpf_check_digits(base)
    if len(set(document)) == 1:  # 111.111.111-11 and the like are refused on purpose
        document = "52998224725"
    if draw(st.booleans()):
        return f"{document[:3]}.{document[3:6]}.{document[6:9]}-{document[9:]}"
    return document


@st.composite
def _cnpj(draw: st.DrawFn) -> str:
    numeric = draw(st.booleans())
    alphabet = "0123456789" if numeric else CNPJ_ALPHABET
    base = draw(st.text(alphabet=alphabet, min_size=12, max_size=12))
    if base == "0" * 12:  # refused like a CPF of one digit
        base = "12ABC34501DE"
    document = base + cnpj.calc_check_digits(base)
    if draw(st.booleans()):
        document = document.lower()
    if draw(st.booleans()):
        # Without the "/" of the printed form: a path parameter could not carry it.
        return f"{document[:2]}.{document[2:5]}.{document[5:8]}.{document[8:12]}-{document[12:]}"
    return document


@st.composite
def _past_date(draw: st.DrawFn) -> str:
    # Up to yesterday: a date made up just before midnight must not be "tomorrow" by the time
    # the API reads it.
    day = draw(st.dates(date(1900, 1, 1), date.today() - timedelta(days=1)))
    return day.isoformat() if draw(st.booleans()) else day.strftime("%d/%m/%Y")


def _could_receive_mail(address: str) -> bool:
    """As the API checks an address (pydantic's EmailStr, email-validator without DNS), which
    also refuses the special-use domains (`.test`, `.invalid`…) that hypothesis may make up."""
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError:
        return False
    return True


schemathesis.openapi.format("cpf-cnpj", st.one_of(_cpf(), _cnpj()))
schemathesis.openapi.format("past-date", _past_date())
schemathesis.openapi.format("email", st.emails().filter(_could_receive_mail))


def _answer(response: Any) -> dict[str, Any]:
    try:
        body = json.loads(response.content)
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def refused_for_what_is_stored(response: Any) -> bool:
    answer = _answer(response)
    if response.status_code == 422:
        code = str(answer.get("code"))
        return code in ATTACHMENT_REFUSALS or code.startswith("attachment_")
    if response.status_code == 400:
        return answer.get("code") == "invalid_input" and answer.get("fields") in STORED_STATE_FIELDS
    return False


@schemathesis.hook
def filter_failure(context: Any, failure: Any, case: Any, response: Any) -> bool:
    """Keeps every failure but "valid data refused" for a reason only the stored data explains;
    each one dropped is told to DROPPED_LOG (a file named by the test), so the run shows them."""
    if not (isinstance(failure, RejectedPositiveData) and refused_for_what_is_stored(response)):
        return True
    log = os.environ.get(DROPPED_LOG)
    if log:
        answer = _answer(response)
        fields = ",".join(answer.get("fields") or ())
        reason = f"fields.{fields}" if fields else answer.get("code")
        with open(log, "a", encoding="utf-8") as dropped:
            dropped.write(json.dumps([case.operation.label, response.status_code, reason]) + "\n")
    return False


@schemathesis.hook
def before_call(context: Any, case: Any, kwargs: dict[str, Any]) -> None:
    """Signs a vendor report over the very bytes sent (see the module's docstring)."""
    secret = os.environ.get(VENDOR_SECRET)
    headers = case.headers
    if not secret or case.operation.path != "/vendor/events" or "X-Signature" not in headers:
        return
    if isinstance(case.body, NotSet):
        return
    body = case.body if isinstance(case.body, bytes) else json.dumps(case.body).encode()
    kwargs["data"] = body
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    headers["X-Signature"] = f"sha256={digest}"
