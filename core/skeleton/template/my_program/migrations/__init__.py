"""My program's Alembic branch, labelled with its slug."""
