"""The org: its definition (schema, users, rules) and the records it holds."""
