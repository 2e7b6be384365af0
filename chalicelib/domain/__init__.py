"""Entities, value objects and rules. Imports nothing but the standard library, pydantic and
python-stdnum (pure functions for Brazilian document check digits)."""
