"""Stream consumers and schedules: thin, each calls a service."""
