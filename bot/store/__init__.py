"""Persistence: SQLAlchemy 2 models, engine/session, Alembic migrations, store classes."""
