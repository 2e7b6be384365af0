"""The professional's side of API.md, route by route, on DynamoDB Local and moto."""

from __future__ import annotations

import base64
import json
import time
import urllib.request

import jwt
import pytest

from chalicelib import dependencies
from chalicelib.adapters.mail import read_local_outbox
from chalicelib.domain.protocol import new_protocol
from tests.integration.api import EXE, PDF, PNG, Api, docx, zip_file
from tests.integration.conftest import ANA, ANA_EMAIL, BRUNO, BRUNO_EMAIL

# Right claims, wrong key.
FORGED_TOKEN = jwt.encode(
    {
        "sub": "52998224725",
        "iss": "recadastro",
        "aud": "recadastro:professional",
        "iat": 1,
        "exp": 4102444800,
    },
    "not-our-key-but-a-long-enough-one-32b",
    algorithm="HS256",
)


def test_sign_in_and_see_the_data_on_file(api: Api) -> None:
    token = api.sign_in("529.982.247-25", ANA_EMAIL)

    me = api.call("GET", "/me", token=token)

    assert me.status_code == 200
    assert me.json_body["document"] == ANA
    assert me.json_body["status"] == "not_started"
    assert me.json_body["data"]["address"]["cep"] == "01310100"
    assert me.json_body["locked_groups"] == []


def test_the_whole_journey_of_an_address_change(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    upload_id = api.upload(token, PDF)

    created = api.call(
        "POST",
        "/me/requests",
        {
            "kind": "change",
            "group": "address",
            "changes": {"street": "Rua Augusta", "number": "500"},
            "upload_ids": [upload_id],
        },
        token,
    )

    assert created.status_code == 201, created.body
    request = created.json_body
    assert request["status"] == "in_review"
    assert request["current"]["street"] == "Avenida Paulista"
    assert request["changes"] == {"street": "Rua Augusta", "number": "500"}
    assert request["attachments"][0]["content_type"] == "application/pdf"
    lookup = api.call("GET", f"/protocols/{request['protocol'].lower()}")
    assert lookup.status_code == 200
    assert lookup.json_body["status"] == "in_review"
    assert "current" not in lookup.json_body
    assert api.call("GET", "/me", token=token).json_body["status"] == "in_progress"


# --- sign-in --------------------------------------------------------------------------------


def test_a_code_is_sent_to_the_masked_address_on_file(api: Api) -> None:
    answer = api.call("POST", "/auth/code", {"document": "529.982.247-25"})

    assert answer.status_code == 202
    assert answer.json_body == {"masked_email": "a***@example.org", "expires_in": 600}
    [message] = [m for m in read_local_outbox(api.moto_endpoint) if ANA_EMAIL in m["to"]]
    assert message["subject"] == "Seu código de acesso ao recadastramento"
    assert "Ana Maria Souza" in message["text"]


def test_an_invalid_or_unknown_document_is_told_apart(api: Api) -> None:
    invalid = api.call("POST", "/auth/code", {"document": "529.982.247-26"})
    unknown = api.call("POST", "/auth/code", {"document": "123.456.789-09"})

    assert invalid.status_code == 400
    assert invalid.json_body["fields"] == {"document": "CPF inválido: confira os dígitos."}
    assert unknown.status_code == 404
    assert unknown.json_body["code"] == "not_in_registry"


def test_a_fourth_code_within_15_minutes_is_refused_with_retry_after(api: Api) -> None:
    for _ in range(3):
        assert api.call("POST", "/auth/code", {"document": ANA}).status_code == 202

    fourth = api.call("POST", "/auth/code", {"document": ANA})

    assert fourth.status_code == 429
    assert 0 < int(fourth.headers["Retry-After"]) <= 900
    assert fourth.json_body["code"] == "too_many_codes"


def test_a_code_works_once(api: Api) -> None:
    api.call("POST", "/auth/code", {"document": ANA})
    code = api.last_code(ANA_EMAIL)

    first = api.call("POST", "/auth/session", {"document": ANA, "code": code})
    again = api.call("POST", "/auth/session", {"document": ANA, "code": code})

    assert first.status_code == 200 and first.json_body["expires_at"].endswith("Z")
    assert again.status_code == 401


def test_five_wrong_tries_burn_the_code(api: Api) -> None:
    api.call("POST", "/auth/code", {"document": ANA})
    code = api.last_code(ANA_EMAIL)
    wrong = "000000" if code != "000000" else "111111"

    for _ in range(5):
        assert (
            api.call("POST", "/auth/session", {"document": ANA, "code": wrong}).status_code == 401
        )
    late = api.call("POST", "/auth/session", {"document": ANA, "code": code})

    assert late.status_code == 401
    assert late.json_body["code"] == "invalid_code"


def test_an_expired_code_does_not_open_a_session(api: Api) -> None:
    from chalicelib.adapters.dynamodb.models import LoginCodeModel

    api.call("POST", "/auth/code", {"document": ANA})
    dependencies.tables().bind(LoginCodeModel)(ANA).update(
        actions=[LoginCodeModel.expires_at.set(int(time.time()) - 1)]
    )

    late = api.call("POST", "/auth/session", {"document": ANA, "code": api.last_code(ANA_EMAIL)})

    assert late.status_code == 401


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer nonsense", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Bearer " + FORGED_TOKEN],
)
def test_without_a_valid_token_me_answers_401_in_the_error_shape(api: Api, authorization) -> None:
    headers = {"Authorization": authorization} if authorization else {}

    answer = api.client.http.get("/me", headers=headers)

    assert answer.status_code == 401
    if authorization:  # with no header at all the gateway answers itself (its shape: e2e)
        assert answer.json_body["code"] == "unauthorized"


# --- uploads --------------------------------------------------------------------------------


def test_an_upload_is_a_presigned_post_bound_to_one_key_type_and_size_range(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)

    grant = api.call(
        "POST", "/me/uploads",
        {"filename": "C:\\fotos\\conta de luz.pdf", "content_type": "application/pdf", "size": 1000, "kind": "proof_of_address"},
        token,
    ).json_body  # fmt: skip

    policy = json.loads(base64.b64decode(grant["fields"]["policy"]))
    conditions = policy["conditions"]
    key = grant["fields"]["key"]
    assert key == f"uploads/{ANA}/{grant['upload_id']}"
    assert {"key": key} in conditions
    assert ["content-length-range", 1, 20971520] in conditions
    assert {"Content-Type": "application/pdf"} in conditions
    assert {"x-amz-meta-filename": "conta%20de%20luz.pdf"} in conditions
    assert grant["max_bytes"] == 20971520 and 0 < grant["expires_in"] <= 3600


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"content_type": "application/x-msdownload"}, "content_type"),
        ({"size": 20971521}, "size"),
        ({"size": 0}, "size"),
        ({"kind": "selfie"}, "kind"),
        ({"filename": ""}, "filename"),
    ],
)
def test_an_upload_that_cannot_be_accepted_is_refused_before_it_starts(
    api: Api, body, field
) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    request = {
        "filename": "a.pdf",
        "content_type": "application/pdf",
        "size": 10,
        "kind": "other",
    } | body

    answer = api.call("POST", "/me/uploads", request, token)

    assert answer.status_code == 400
    assert field in answer.json_body["fields"]


# --- requests -------------------------------------------------------------------------------


def change(
    token: str, api: Api, changes: dict, group: str = "address", uploads: list | None = None
):
    upload_ids = uploads if uploads is not None else [api.upload(token, PDF)]
    body = {"kind": "change", "group": group, "changes": changes, "upload_ids": upload_ids}
    return api.call("POST", "/me/requests", body, token)


def test_invalid_values_are_named_field_by_field(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)

    answer = change(token, api, {"cep": "123", "uf": "XX"}, uploads=[])

    assert answer.status_code == 400
    assert answer.json_body["fields"] == {
        "changes.cep": "CEP inválido: informe os 8 dígitos.",
        "changes.uf": "UF inválida: use a sigla do estado, como SP.",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "change", "group": "shoes", "changes": {"size": 40}}, "group"),
        ({"kind": "change", "group": "address", "changes": {}}, "changes"),
        (
            {"kind": "change", "group": "address", "changes": {"street": "Avenida Paulista"}},
            "changes",
        ),
        ({"kind": "change", "group": "phones", "changes": {"number": "11987654321"}}, "changes"),
        ({"kind": "maybe"}, "kind"),
    ],
)
def test_requests_that_make_no_sense_are_400(api: Api, body, field) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)

    answer = api.call("POST", "/me/requests", body, token)

    assert answer.status_code == 400
    assert field in answer.json_body["fields"]


def test_a_phone_list_is_replaced_whole(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    phones = [
        {"type": "celular", "number": "(21) 99876-5432"},
        {"type": "comercial", "number": "2133334444"},
    ]

    answer = change(token, api, {"phones": phones}, group="phones")

    assert answer.status_code == 201, answer.body
    assert answer.json_body["current"] == {"phones": [{"type": "celular", "number": "11987654321"}]}
    assert [phone["number"] for phone in answer.json_body["changes"]["phones"]] == [
        "21998765432",
        "2133334444",
    ]


def test_a_change_needs_the_proof_its_group_names(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    address_proof = api.upload(token, PDF, kind="proof_of_address")

    answer = change(
        token, api, {"name": "Ana Maria Souza Lima"}, group="personal", uploads=[address_proof]
    )

    assert answer.status_code == 422
    assert (
        answer.json_body["message"]
        == "Anexe um comprovante: certidão civil ou documento de identidade."
    )


def test_a_file_that_is_not_what_it_claims_is_refused_by_content_and_deleted(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    disguised = api.upload(token, EXE, filename="comprovante.pdf")

    answer = change(token, api, {"street": "Rua Augusta"}, uploads=[disguised])

    assert answer.status_code == 422
    assert answer.json_body["message"] == (
        "O arquivo comprovante.pdf não é um PDF, DOC, DOCX, ODT, TXT ou imagem."
    )
    again = change(token, api, {"street": "Rua Augusta"}, uploads=[disguised])
    assert again.json_body["code"] == "attachment_missing"


@pytest.mark.parametrize(
    ("content", "accepted"),
    [(docx(), True), (PNG, True), (b"Declaro que moro aqui.\n", True), (zip_file(), False)],
)
def test_documents_images_and_text_pass_and_a_plain_zip_does_not(
    api: Api, content, accepted
) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)

    answer = change(token, api, {"street": "Rua Augusta"}, uploads=[api.upload(token, content)])

    assert (answer.status_code == 201) is accepted, answer.body


def test_an_upload_never_sent_to_the_bucket_is_missing(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    grant = api.call(
        "POST", "/me/uploads",
        {"filename": "a.pdf", "content_type": "application/pdf", "size": 10, "kind": "proof_of_address"},
        token,
    ).json_body  # fmt: skip

    answer = change(token, api, {"street": "Rua Augusta"}, uploads=[grant["upload_id"]])

    assert (answer.status_code, answer.json_body["code"]) == (422, "attachment_missing")


def test_one_open_request_per_group(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    assert change(token, api, {"street": "Rua Augusta"}).status_code == 201

    second = change(token, api, {"street": "Rua da Consolação"})
    other_group = change(
        token, api, {"phones": [{"type": "celular", "number": "11912345678"}]}, group="phones"
    )

    assert (second.status_code, second.json_body["code"]) == (409, "open_request_exists")
    assert other_group.status_code == 201


def test_council_only_groups_lock_once_the_card_is_in_production(api: Api) -> None:
    from chalicelib.adapters.dynamodb.models import ProfessionalModel

    token = api.sign_in(ANA, ANA_EMAIL)
    dependencies.tables().bind(ProfessionalModel)(ANA).update(
        actions=[ProfessionalModel.status.set("card_in_production")]
    )

    locked = change(
        token,
        api,
        {"name": "Ana Lima"},
        group="personal",
        uploads=[api.upload(token, PDF, kind="identity_document")],
    )
    address = change(token, api, {"street": "Rua Augusta"})

    assert (locked.status_code, locked.json_body["code"]) == (409, "group_locked")
    assert api.call("GET", "/me", token=token).json_body["locked_groups"] == [
        "personal",
        "filiation",
        "birthplace",
        "documents",
    ]
    assert address.status_code == 201


def test_a_no_change_declaration_is_approved_at_once(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)

    answer = api.call(
        "POST", "/me/requests", {"kind": "no_change", "upload_ids": [api.upload(token, PDF)]}, token
    )

    assert answer.status_code == 201
    assert answer.json_body["status"] == "approved"
    assert [entry["action"] for entry in answer.json_body["history"]] == ["submitted", "approved"]
    me = api.call("GET", "/me", token=token).json_body
    assert (me["status"], me["confirmed"]) == ("updated", True)


def test_a_confirmation_while_a_change_is_open_is_recorded_until_it_is_decided(
    api: Api,
) -> None:
    # Given Ana's address change in review (the contract changed: this was a 409)
    token = api.sign_in(ANA, ANA_EMAIL)
    change(token, api, {"street": "Rua Augusta"})

    # When she confirms that her data is correct
    answer = api.call(
        "POST", "/me/requests", {"kind": "no_change", "upload_ids": [api.upload(token, PDF)]}, token
    )

    # Then it is accepted and shown, but she is not concluded while the change is open
    assert (answer.status_code, answer.json_body["status"]) == (201, "approved")
    me = api.call("GET", "/me", token=token).json_body
    assert (me["status"], me["confirmed"]) == ("in_progress", True)


def test_a_confirmation_without_a_proof_of_address_is_refused(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)

    answer = api.call("POST", "/me/requests", {"kind": "no_change", "upload_ids": []}, token)

    assert (answer.status_code, answer.json_body["code"]) == (422, "proof_required")
    assert api.call("GET", "/me", token=token).json_body["confirmed"] is False


def test_requests_are_listed_newest_first_a_page_at_a_time(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    first = change(token, api, {"street": "Rua Augusta"}).json_body
    time.sleep(1.1)  # created_at has second precision
    second = change(
        token, api, {"phones": [{"type": "celular", "number": "11912345678"}]}, group="phones"
    ).json_body

    page_one = api.call("GET", "/me/requests?limit=1", token=token).json_body
    page_two = api.call(
        "GET", f"/me/requests?limit=1&cursor={page_one['next_cursor']}", token=token
    ).json_body

    assert [item["id"] for item in page_one["items"]] == [second["id"]]
    assert [item["id"] for item in page_two["items"]] == [first["id"]]
    assert api.call("GET", "/me/requests?limit=0", token=token).status_code == 400
    assert api.call("GET", "/me/requests?cursor=%%%", token=token).status_code == 400


def test_cancelling_reopens_the_group_and_only_open_requests_cancel(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    request = change(token, api, {"street": "Rua Augusta"}).json_body

    cancelled = api.call("POST", f"/me/requests/{request['id']}/cancel", token=token)
    again = api.call("POST", f"/me/requests/{request['id']}/cancel", token=token)

    assert cancelled.status_code == 200 and cancelled.json_body["status"] == "cancelled"
    assert again.status_code == 409
    assert api.call("GET", "/me", token=token).json_body["status"] == "not_started"
    assert change(token, api, {"street": "Rua Augusta"}).status_code == 201


def return_for_more_information(request_id: str) -> None:
    """What a reviewer's "return" does to the request (the staff side comes with its own issue)."""
    from chalicelib.domain.change_requests import HistoryEntry, RequestStatus
    from chalicelib.services.ports import RequestChange

    repository = dependencies.requests()
    request = repository.get(request_id)
    professional = dependencies.professionals().get(request.document)
    returned = request.model_copy(
        update={
            "status": RequestStatus.RETURNED,
            "reason": "Envie o comprovante legível.",
            "version": request.version + 1,
            "history": [
                *request.history,
                HistoryEntry(
                    at="2026-11-21T12:00:00Z",
                    actor="revisor.sp",
                    action="returned",
                    reason="Envie o comprovante legível.",
                ),
            ],
        }
    )
    repository.apply(RequestChange(returned, request.version, professional, professional.version))


def test_a_returned_request_is_resubmitted_under_the_same_protocol(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    request = change(token, api, {"street": "Rua Augusta"}).json_body
    early = api.call("POST", f"/me/requests/{request['id']}/resubmit", {}, token)
    return_for_more_information(request["id"])

    answer = api.call(
        "POST", f"/me/requests/{request['id']}/resubmit",
        {"changes": {"street": "Rua Augusta", "number": "1500"}, "upload_ids": [api.upload(token, PNG, filename="foto.png", content_type="image/png")]},
        token,
    )  # fmt: skip

    assert early.status_code == 409
    assert answer.status_code == 200, answer.body
    body = answer.json_body
    assert (body["protocol"], body["status"]) == (request["protocol"], "in_review")
    assert body["changes"] == {"street": "Rua Augusta", "number": "1500"}
    assert len(body["attachments"]) == 2
    assert [entry["action"] for entry in body["history"]] == [
        "submitted",
        "returned",
        "resubmitted",
    ]


# --- one professional never reaches another's --------------------------------------------


def test_one_professional_can_never_touch_anothers_request_or_upload(api: Api) -> None:
    ana = api.sign_in(ANA, ANA_EMAIL)
    bruno = api.sign_in(BRUNO, BRUNO_EMAIL)
    anas_upload = api.upload(ana, PDF)
    anas_request = change(ana, api, {"street": "Rua Augusta"}).json_body
    return_for_more_information(anas_request["id"])

    read = api.call("GET", f"/me/requests/{anas_request['id']}", token=bruno)
    cancel = api.call("POST", f"/me/requests/{anas_request['id']}/cancel", token=bruno)
    resubmit = api.call("POST", f"/me/requests/{anas_request['id']}/resubmit", {}, bruno)
    steal = change(bruno, api, {"street": "Rua do Catete"}, uploads=[anas_upload])
    listing = api.call("GET", "/me/requests", token=bruno).json_body

    assert read.status_code == cancel.status_code == resubmit.status_code == 404
    assert (steal.status_code, steal.json_body["code"]) == (422, "attachment_missing")
    assert listing["items"] == []
    assert (
        api.call("GET", f"/me/requests/{anas_request['id']}", token=ana).json_body["status"]
        == "returned"
    )


# --- protocol lookup ------------------------------------------------------------------------


def test_malformed_and_unknown_protocols_get_the_same_404(api: Api) -> None:
    malformed = api.call("GET", "/protocols/nada")
    unknown = api.call("GET", f"/protocols/{new_protocol()}")

    assert malformed.status_code == unknown.status_code == 404
    assert malformed.json_body == unknown.json_body


def test_protocol_lookups_are_rate_limited_per_client(api: Api) -> None:
    answers = [api.call("GET", f"/protocols/{new_protocol()}").status_code for _ in range(31)]

    assert answers[:30] == [404] * 30
    assert answers[30] == 429


def test_odd_pagination_and_ids_are_400s_or_found_not_500s(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    request = change(token, api, {"street": "Rua Augusta"}).json_body
    foreign_key = base64.urlsafe_b64encode(b'{"a": {"S": "1"}}').decode()

    assert api.call("GET", "/me/requests?limit=%C2%B2", token=token).status_code == 400
    assert api.call("GET", f"/me/requests?cursor={foreign_key}", token=token).status_code == 400
    lowercase = api.call("GET", f"/me/requests/{request['id'].lower()}", token=token)
    assert lowercase.status_code == 200 and lowercase.json_body["id"] == request["id"]


def test_resubmitting_with_upload_ids_that_are_not_a_list_is_a_400(api: Api) -> None:
    token = api.sign_in(ANA, ANA_EMAIL)
    request = change(token, api, {"street": "Rua Augusta"}).json_body
    return_for_more_information(request["id"])

    for bad in (5, [{}], "abc"):
        answer = api.call(
            "POST", f"/me/requests/{request['id']}/resubmit", {"upload_ids": bad}, token
        )
        assert (answer.status_code, list(answer.json_body["fields"])) == (400, ["upload_ids"])


# --- the professional's own files -----------------------------------------------------------


def test_a_professional_opens_their_own_file_and_no_one_elses(api: Api) -> None:
    ana = api.sign_in(ANA, ANA_EMAIL)
    bruno = api.sign_in(BRUNO, BRUNO_EMAIL)
    request = change(ana, api, {"street": "Rua Augusta"}).json_body
    upload_id = request["attachments"][0]["upload_id"]
    path = f"/me/requests/{request['id']}/attachments/{upload_id}"

    own = api.call("GET", path, token=ana)
    anothers = api.call("GET", path, token=bruno)
    not_in_it = api.call("GET", f"/me/requests/{request['id']}/attachments/{'0' * 32}", token=ana)
    unknown = api.call("GET", f"/me/requests/{new_protocol()}/attachments/{upload_id}", token=ana)

    assert own.status_code == 200, own.body
    link = own.json_body["download_url"]
    assert "X-Amz-Expires=300" in link or "Expires=" in link
    with urllib.request.urlopen(link, timeout=30) as answer:
        assert answer.read() == PDF
    assert anothers.status_code == not_in_it.status_code == unknown.status_code == 404
    assert anothers.json_body == not_in_it.json_body == unknown.json_body
