"""PurBeurre's stand-in for testbed/runbook 003: a WSGI application whose page says what the
database answers, so that a visit proves Apache, mod_wsgi, the settings file and PostgreSQL
together. Its settings are the playbook's database.ini, readable by the application only."""

import configparser

import psycopg2

SETTINGS = "/srv/purbeurre/database.ini"


def application(environ, start_response):
    config = configparser.ConfigParser()
    config.read(SETTINGS)
    db = config["database"]
    try:
        with psycopg2.connect(
            host=db["host"],
            dbname=db["name"],
            user=db["user"],
            password=db["password"],
            connect_timeout=5,
        ) as connection, connection.cursor() as cursor:
            cursor.execute("SELECT 'db ok from ' || current_database()")
            body, status = cursor.fetchone()[0], "200 OK"
    except psycopg2.Error as error:
        body, status = "db error: " + type(error).__name__, "503 Service Unavailable"
    data = ("PurBeurre: " + body + "\n").encode()
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"),
                            ("Content-Length", str(len(data)))])
    return [data]
