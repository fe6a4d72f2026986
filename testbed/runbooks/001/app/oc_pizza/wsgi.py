"""gunicorn's entry point: the .env beside the code gives the settings module and the secrets."""
from pathlib import Path

from dotenv import load_dotenv

load_dotenv(Path(__file__).resolve().parent.parent / ".env")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()
