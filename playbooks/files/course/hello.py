# The course's gunicorn Hello World (https://gunicorn.org/#quickstart), as playbooks/course.yml
# deploys it: a WSGI callable named app, run by `gunicorn hello:app`.


def app(environ, start_response):
    data = b"Hello, World! from gunicorn\n"
    start_response(
        "200 OK",
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))],
    )
    return iter([data])
