"""The benchmarks' own PostgreSQL databases: each script makes a fresh one and may drop it."""

import psycopg2


def recreate_database(server: str, name: str) -> None:
    """Drop `name` on `server` (a postgres:// URL without the database) if it exists and create
    it empty."""
    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def drop_database(server: str, name: str) -> None:
    conn = psycopg2.connect(f"{server}/postgres")
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
    conn.close()
