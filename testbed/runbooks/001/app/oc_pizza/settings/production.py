"""Production: every variable of the runbook's table is required."""
import os

from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["ocpizza.example.org", "www.ocpizza.example.org", "127.0.0.1"]
SECRET_ADMIN_URL = os.environ["SECRET_ADMIN_URL"]
SENTRY_DSN = os.environ["SENTRY_DSN"]
STRIPE_API_KEY = os.environ["STRIPE_API_KEY"]
MAPS_API_KEY = os.environ["MAPS_API_KEY"]
