"""Settings shared by every environment: everything secret comes from the .env file."""
import os

SECRET_KEY = os.environ["SECRET_KEY"]
ROOT_URLCONF = "oc_pizza.urls"
INSTALLED_APPS = []
MIDDLEWARE = []
USE_TZ = True
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["POSTGRES_NAME"],
        "USER": os.environ["POSTGRES_USER"],
        "PASSWORD": os.environ["POSTGRES_PASS"],
        "HOST": os.environ.get("POSTGRES_HOST", "127.0.0.1"),
    }
}
