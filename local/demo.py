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

# First names by sex, so a "Mariana" is never "masculino"; no first name is also a surname below.
FEMALE_NAMES = (
    "Ana", "Beatriz", "Camila", "Carla", "Cláudia", "Daniela", "Eduarda", "Fernanda", "Gabriela",
    "Helena", "Isabela", "Juliana", "Larissa", "Letícia", "Luíza", "Mariana", "Márcia", "Natália",
    "Patrícia", "Priscila", "Raquel", "Renata", "Sandra", "Simone", "Tatiane", "Vanessa",
    "Vera", "Yasmin", "Zélia", "Adriana", "Aline", "Bruna", "Cristina", "Débora", "Elaine",
    "Fabiana", "Joana", "Lúcia", "Sônia", "Tereza",
)  # fmt: skip
MALE_NAMES = (
    "André", "Antônio", "Bruno", "Carlos", "Daniel", "Diego", "Eduardo", "Fábio", "Felipe",
    "Gustavo", "Henrique", "Igor", "João", "José", "Leonardo", "Lucas", "Marcelo", "Márcio",
    "Marcos", "Mateus", "Otávio", "Paulo", "Rafael", "Renato", "Ricardo", "Rodrigo", "Sérgio",
    "Sebastião", "Thiago", "Vinícius", "Wesley", "Alexandre", "Caio", "Davi", "Fernando",
    "Gilberto", "Hugo", "Jorge", "Luiz", "Roberto",
)  # fmt: skip
SURNAMES = (
    "Silva", "Santos", "Oliveira", "Souza", "Rodrigues", "Ferreira", "Alves", "Pereira", "Lima",
    "Gomes", "Costa", "Ribeiro", "Martins", "Carvalho", "Araújo", "Melo", "Barbosa", "Cardoso",
    "Rocha", "Dias", "Nascimento", "Andrade", "Moreira", "Nunes", "Marques", "Machado",
    "Mendes", "Freitas", "Cavalcanti", "Teixeira", "Monteiro", "Moura", "Campos", "Vieira",
    "Barros", "Pinto", "Correia", "Azevedo", "Cunha", "Farias", "Lopes", "Batista",
)  # fmt: skip
STREETS = (
    "Rua das Flores",
    "Avenida Brasil",
    "Rua XV de Novembro",
    "Rua São João",
    "Travessa da Paz",
    "Rua Sete de Setembro",
    "Avenida Getúlio Vargas",
    "Rua Tiradentes",
)
DISTRICTS = ("Centro", "Centro", "Jardim América", "Vila Nova", "Boa Vista", "São José")
# Correios' CEP ranges per UF (first five digits, inclusive), as the sorting offices assign them.
CEP_RANGES: dict[str, tuple[tuple[int, int], ...]] = {
    "SP": ((1000, 19999),), "RJ": ((20000, 28999),), "ES": ((29000, 29999),),
    "MG": ((30000, 39999),), "BA": ((40000, 48999),), "SE": ((49000, 49999),),
    "PE": ((50000, 56999),), "AL": ((57000, 57999),), "PB": ((58000, 58999),),
    "RN": ((59000, 59999),), "CE": ((60000, 63999),), "PI": ((64000, 64999),),
    "MA": ((65000, 65999),), "PA": ((66000, 68899),), "AP": ((68900, 68999),),
    "AM": ((69000, 69299), (69400, 69899)), "RR": ((69300, 69399),), "AC": ((69900, 69999),),
    "DF": ((70000, 72799), (73000, 73699)), "GO": ((72800, 72999), (73700, 76799)),
    "RO": ((76800, 76999),), "TO": ((77000, 77999),), "MT": ((78000, 78899),),
    "MS": ((79000, 79999),), "PR": ((80000, 87999),), "SC": ((88000, 89999),),
    "RS": ((90000, 99999),),
}  # fmt: skip


@dataclass(frozen=True)
class City:
    """A real city, the first five digits of its own CEPs (inclusive) and its phone DDD."""

    name: str
    ceps: tuple[int, int]
    ddd: str


CITIES: dict[str, tuple[City, ...]] = {
    "SP": (City("São Paulo", (1000, 5999), "11"), City("Campinas", (13000, 13139), "19"),
           City("Santos", (11000, 11099), "13"), City("Ribeirão Preto", (14000, 14114), "16")),
    "RJ": (City("Rio de Janeiro", (20000, 23799), "21"), City("Niterói", (24000, 24399), "21")),
    "ES": (City("Vitória", (29000, 29099), "27"), City("Vila Velha", (29100, 29129), "27")),
    "MG": (City("Belo Horizonte", (30000, 31999), "31"), City("Uberlândia", (38400, 38414), "34"),
           City("Juiz de Fora", (36000, 36099), "32")),
    "BA": (City("Salvador", (40000, 42499), "71"), City("Feira de Santana", (44000, 44099), "75")),
    "SE": (City("Aracaju", (49000, 49099), "79"),),
    "PE": (City("Recife", (50000, 52999), "81"), City("Caruaru", (55000, 55099), "81")),
    "AL": (City("Maceió", (57000, 57099), "82"),),
    "PB": (City("João Pessoa", (58000, 58099), "83"),),
    "RN": (City("Natal", (59000, 59139), "84"),),
    "CE": (City("Fortaleza", (60000, 61599), "85"),),
    "PI": (City("Teresina", (64000, 64099), "86"),),
    "MA": (City("São Luís", (65000, 65109), "98"),),
    "PA": (City("Belém", (66000, 66999), "91"), City("Santarém", (68005, 68099), "93")),
    "AP": (City("Macapá", (68900, 68911), "96"),),
    "AM": (City("Manaus", (69000, 69099), "92"),),
    "RR": (City("Boa Vista", (69300, 69339), "95"),),
    "AC": (City("Rio Branco", (69900, 69923), "68"),),
    "DF": (City("Brasília", (70000, 70999), "61"),),
    "GO": (City("Goiânia", (74000, 74899), "62"), City("Anápolis", (75000, 75099), "62")),
    "RO": (City("Porto Velho", (76800, 76834), "69"),),
    "TO": (City("Palmas", (77000, 77249), "63"),),
    "MT": (City("Cuiabá", (78000, 78109), "65"),),
    "MS": (City("Campo Grande", (79000, 79124), "67"),),
    "PR": (City("Curitiba", (80000, 82999), "41"), City("Londrina", (86000, 86099), "43"),
           City("Maringá", (87000, 87099), "44")),
    "SC": (City("Florianópolis", (88000, 88099), "48"), City("Joinville", (89200, 89239), "47"),
           City("Blumenau", (89000, 89099), "47")),
    "RS": (City("Porto Alegre", (90000, 91999), "51"), City("Caxias do Sul", (95000, 95124), "54"),
           City("Pelotas", (96000, 96099), "53")),
}  # fmt: skip
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
    """`count` registry rows, as the legacy export would have them (columns of API.md): the
    regions in turn, a UF of the row's region, a city of that UF with one of its own CEPs."""
    rng = random.Random(seed)
    regions = [region for region in council.regions if any(uf in CITIES for uf in region.ufs)]
    seen: set[str] = set()
    for index in range(count):
        document = FIRST_DEMO_CPF if index == 0 else valid_cpf(rng)
        while document in seen:
            document = valid_cpf(rng)
        seen.add(document)
        region = regions[index % len(regions)]
        uf = rng.choice([uf for uf in region.ufs if uf in CITIES])
        city = rng.choice(CITIES[uf])
        birth_uf = uf if rng.random() < 0.7 else rng.choice(sorted(CITIES))
        sex = rng.choice(("F", "M"))
        family = _family(rng, sex)
        yield {
            "document": document,
            "registration_number": f"{10000 + index}-T",
            "region": region.code,
            "name": family.name,
            "social_name": "",
            "birth_date": f"{rng.randint(1960, 2002)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "marital_status": rng.choice(("solteiro", "casado", "divorciado", "viuvo")),
            "sex": sex,
            "mother_name": family.mother,
            "father_name": family.father,
            "birth_uf": birth_uf,
            "birth_city": rng.choice(CITIES[birth_uf]).name,
            "rg_number": f"{rng.randrange(10**7, 10**8)}",
            "rg_issuer": "SSP",
            "rg_uf": uf,
            "email": _ascii(family.slug(index)) + "@example.org",
            "phone": f"{city.ddd}9{rng.randrange(10**7, 10**8)}",
            "cep": f"{rng.randint(*city.ceps):05d}{rng.randrange(1000):03d}",
            "uf": uf,
            "city": city.name,
            "district": rng.choice(DISTRICTS),
            "street": rng.choice(STREETS),
            "number": str(rng.randint(1, 2000)),
            "complement": "",
        }


@dataclass(frozen=True)
class Family:
    name: str
    mother: str
    father: str

    def slug(self, index: int) -> str:
        first, *_, last = self.name.split()
        return f"{first}.{last}.{index}".lower()


def _family(rng: random.Random, sex: str) -> Family:
    """A person named as in Brazil, a surname from the mother then one from the father; no one
    bears the same surname twice."""
    maternal, paternal, mothers_other, fathers_other = rng.sample(SURNAMES, 4)
    first = rng.choice(FEMALE_NAMES if sex == "F" else MALE_NAMES)
    return Family(
        name=f"{first} {maternal} {paternal}",
        mother=f"{rng.choice(FEMALE_NAMES)} {mothers_other} {maternal}",
        father=f"{rng.choice(MALE_NAMES)} {fathers_other} {paternal}",
    )


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
