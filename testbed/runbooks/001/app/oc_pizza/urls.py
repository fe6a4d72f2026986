from django.db import connection
from django.http import HttpResponse
from django.urls import path


def home(request):
    with connection.cursor() as cursor:
        cursor.execute("select current_user, current_database()")
        user, database = cursor.fetchone()
    return HttpResponse(f"OC Pizza: db ok ({user}@{database})\n", content_type="text/plain")


urlpatterns = [path("", home)]
