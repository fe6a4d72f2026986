"""The migrations of the release (the runbook's update_number.sh): each SQL file of migrations/
not applied yet, in order, recorded in schema_migrations. Prints 'applied NAME' for each one it
applies, or 'up to date'."""
import os
import sys

from gamelenders import settings

HERE = os.path.join(os.path.dirname(__file__), "migrations")


def main():
    with settings.connect() as conn, conn.cursor() as cur:
        cur.execute("CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY)")
        cur.execute("SELECT name FROM schema_migrations")
        done = {row[0] for row in cur.fetchall()}
        applied = []
        for name in sorted(os.listdir(HERE)):
            if name.endswith(".sql") and name not in done:
                cur.execute(open(os.path.join(HERE, name)).read())
                cur.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (name,))
                applied.append(name)
    for name in applied:
        print("applied " + name)
    if not applied:
        print("up to date")


if __name__ == "__main__":
    sys.exit(main())
