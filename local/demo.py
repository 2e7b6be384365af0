"""A synthetic demo data set: professionals with valid CPFs in every region, a reviewer per region
and a national admin. Deterministic: the same seed gives the same people."""

from __future__ import annotations

import contextlib
import random
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from stdnum.br import cpf

from chalicelib.domain.campaign import Council
from chalicelib.domain.errors import Conflict
from chalicelib.services.ports import ProfessionalRepository, StaffDirectory
from chalicelib.services.registry import ImportReport, import_registry
from chalicelib.services.staff import NewStaff, add_staff

FIRST_NAMES = (
    "Ana", "Bruno", "Carla", "Daniel", "Eduarda", "Felipe", "Gabriela", "Henrique", "Isabela",
    "João", "Larissa", "Marcos", "Natália", "Otávio", "Patrícia", "Rafael", "Simone", "Tiago",
    "Vanessa", "Wesley", "Yasmin", "Zélia", "Luíza", "Márcio", "Conceição", "Sebastião",
)  # fmt: skip
LAST_NAMES = (
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
    "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Araújo", "Melo", "Barbosa", "Cardoso",
    "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado",
)  # fmt: skip
STREETS = (
    "Rua das Flores",
    "Avenida Brasil",
    "Rua XV de Novembro",
    "Rua São João",
    "Travessa da Paz",
)
CITIES = {
    "SP": "São Paulo", "RJ": "Rio de Janeiro", "ES": "Vitória", "PR": "Curitiba",
    "RS": "Porto Alegre", "SC": "Florianópolis", "MG": "Belo Horizonte", "DF": "Brasília",
    "GO": "Goiânia", "BA": "Salvador", "PE": "Recife", "CE": "Fortaleza", "AM": "Manaus",
    "PA": "Belém",
}  # fmt: skip
DDD = {"SP": "11", "RJ": "21", "ES": "27", "PR": "41", "RS": "51", "SC": "48", "MG": "31",
       "DF": "61", "GO": "62", "BA": "71", "PE": "81", "CE": "85", "AM": "92", "PA": "91"}  # fmt: skip
# A well-known valid test CPF, so the demo has one easy to type.
FIRST_DEMO_CPF = "52998224725"
DEMO_PASSWORD = "Recadastro#2026"


def cpf_check_digits(base: str) -> str:
    """The two check digits of a CPF's first nine (Receita Federal's modulo 11)."""
    first = (11 - sum((10 - i) * int(digit) for i, digit in enumerate(base))) % 11 % 10
    second = (
        (11 - sum((11 - i) * int(digit) for i, digit in enumerate(base + str(first)))) % 11 % 10
    )
    return f"{first}{second}"


def valid_cpf(rng: random.Random) -> str:
    while True:
        document = f"{rng.randrange(1, 10**9):09d}"
        document += cpf_check_digits(document)
        if cpf.is_valid(document):
            return document


def registry_rows(count: int, council: Council, seed: int = 2026) -> Iterator[dict[str, str]]:
    """`count` registry rows, as the legacy export would have them (columns of API.md)."""
    rng = random.Random(seed)
    regions = [region for region in council.regions if any(uf in CITIES for uf in region.ufs)]
    seen: set[str] = set()
    for index in range(count):
        document = FIRST_DEMO_CPF if index == 0 else valid_cpf(rng)
        while document in seen:
            document = valid_cpf(rng)
        seen.add(document)
        region = regions[index % len(regions)]
        uf = next(uf for uf in region.ufs if uf in CITIES)
        first, last, mother = (
            rng.choice(FIRST_NAMES),
            rng.choice(LAST_NAMES),
            rng.choice(FIRST_NAMES),
        )
        slug = f"{first}.{last}.{index}".lower()
        yield {
            "document": document,
            "registration_number": f"{10000 + index}-T",
            "region": region.code,
            "name": f"{first} {rng.choice(LAST_NAMES)} {last}",
            "social_name": "",
            "birth_date": f"{rng.randint(1960, 2002)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "marital_status": rng.choice(("solteiro", "casado", "divorciado", "viuvo")),
            "sex": rng.choice(("F", "M")),
            "mother_name": f"{mother} {rng.choice(LAST_NAMES)} {last}",
            "father_name": "",
            "birth_uf": uf,
            "birth_city": CITIES[uf],
            "rg_number": f"{rng.randrange(10**7, 10**8)}",
            "rg_issuer": "SSP",
            "rg_uf": uf,
            "email": _ascii(slug) + "@example.org",
            "phone": f"{DDD[uf]}9{rng.randrange(10**7, 10**8)}",
            "cep": f"{rng.randrange(10**7, 10**8)}",
            "uf": uf,
            "city": CITIES[uf],
            "district": "Centro",
            "street": rng.choice(STREETS),
            "number": str(rng.randint(1, 2000)),
            "complement": "",
        }


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


@dataclass(frozen=True)
class DemoStaff:
    username: str
    name: str
    email: str
    role: str
    regions: tuple[str, ...]


def demo_staff(council: Council) -> list[DemoStaff]:
    staff = [
        DemoStaff("admin", "Administração Nacional", "admin.recadastro@example.org", "admin", ())
    ]
    for region in council.regions:
        code = region.code.lower()
        staff.append(
            DemoStaff(
                f"revisor.{code}",
                f"Revisor(a) {region.name}",
                f"revisor.{code}@example.org",
                "reviewer",
                (region.code,),
            )
        )
    return staff


def seed_demo(
    council: Council,
    professionals: ProfessionalRepository,
    directory: StaffDirectory,
    count: int = 200,
) -> ImportReport:
    """Loads `count` demo professionals and the demo staff; running it again changes nothing."""
    rows = ((line, row) for line, row in enumerate(registry_rows(count, council), start=2))
    report = import_registry(rows, council, professionals)
    for member in demo_staff(council):
        with contextlib.suppress(Conflict):
            new = NewStaff(
                username=member.username,
                password=DEMO_PASSWORD,
                name=member.name,
                email=member.email,
                role=member.role,
                regions=tuple(member.regions),
            )
            add_staff(directory, council, new)
    return report
