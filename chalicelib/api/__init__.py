"""HTTP entry points: one Blueprint per audience; thin views over the services."""
