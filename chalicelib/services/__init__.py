"""Use cases as plain functions; they receive their ports as arguments."""
