"""Writes chalicelib/openapi.json from chalicelib/openapi.yaml (`make openapi`).

The YAML is the contract people edit; the functions serve the JSON, so the deployment package
needs no YAML parser. tests/unit/test_public_api.py fails while the two differ.

    .venv/bin/python -m tools.openapi_json
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import yaml

CHALICELIB = Path(__file__).resolve().parent.parent / "chalicelib"
SOURCE = CHALICELIB / "openapi.yaml"
TARGET = CHALICELIB / "openapi.json"


def openapi_json(yaml_text: str) -> str:
    """The document as the JSON the API serves. JSON has no dates: YAML's example dates
    (`2026-12-15`) become the ISO strings they were written as."""
    document: dict[str, Any] = yaml.safe_load(yaml_text)
    return json.dumps(document, indent=2, ensure_ascii=False, default=_iso) + "\n"


def _iso(value: date) -> str:
    return value.isoformat()


def main() -> None:
    TARGET.write_text(openapi_json(SOURCE.read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(CHALICELIB.parent)}")


if __name__ == "__main__":
    main()
