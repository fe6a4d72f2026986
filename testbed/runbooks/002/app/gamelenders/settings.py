"""The application's settings, read from its environment file (GAMELENDERS_ENV_FILE, written by
playbooks/gamelenders.yml, 0600): KEY=VALUE lines, as the runbook's deploy-apply.sh writes them."""
import os

VERSION = open(os.path.join(os.path.dirname(__file__), "VERSION")).read().strip()


def load(path=None):
    path = path or os.environ.get("GAMELENDERS_ENV_FILE", "/etc/gamelenders/gamelenders.env")
    values = {}
    with open(path) as env:
        for line in env:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                key, value = line.split("=", 1)
                values[key.strip()] = value.strip().strip('"')
    return values


def connect():
    import psycopg2

    env = load()
    return psycopg2.connect(
        host=env["SQL_HOST"],
        port=int(env.get("SQL_PORT", "5432")),
        dbname=env["SQL_DATABASE"],
        user=env["SQL_USER"],
        password=env["SQL_PASSWORD"],
        connect_timeout=5,
    )
