"""The embedded local stack of `make run` and of the end-to-end tests. Never deployed."""
