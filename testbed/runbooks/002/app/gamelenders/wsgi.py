"""The page: the application's version and the status row it reads from the database."""
from gamelenders import settings


def application(environ, start_response):
    try:
        with settings.connect() as conn, conn.cursor() as cur:
            cur.execute("SELECT status FROM health ORDER BY id LIMIT 1")
            row = cur.fetchone()
        status = row[0] if row else "no row"
        code = "200 OK" if row else "500 Internal Server Error"
    except Exception as error:  # the page says why, for the runbook's checks
        status, code = "db error: %s" % error.__class__.__name__, "500 Internal Server Error"
    body = ("GameLenders %s: %s\n" % (settings.VERSION, status)).encode()
    start_response(code, [("Content-Type", "text/plain; charset=utf-8"),
                          ("Content-Length", str(len(body)))])
    return [body]
