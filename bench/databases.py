"""The benchmarks' own PostgreSQL databases: each script makes a fresh one and may drop it."""

import psycopg2


def _run(server: str, *statements: str) -> None:
    """Run `statements` on `server` (a postgres:// URL without the database), outside a
    transaction (CREATE and DROP DATABASE refuse to run inside one)."""
    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    conn.close()


def recreate_database(server: str, name: str) -> None:
    """Drop `name` on `server` if it exists and create it empty."""
    _run(server, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}"')


def drop_database(server: str, name: str) -> None:
    _run(server, f'DROP DATABASE IF EXISTS "{name}"')
