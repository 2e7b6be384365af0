"""The constructs of Recadastro's CDK app, one module per concern."""
