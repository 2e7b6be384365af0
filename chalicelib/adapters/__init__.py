"""The only code that imports boto3, pynamodb, magic, jwt or speaks HTTP to the outside."""
