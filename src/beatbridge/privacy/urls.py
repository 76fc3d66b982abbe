from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("audit.csv", views.audit_csv, name="audit_csv"),
    path("my-data/", views.my_data, name="my_data"),
    path("my-data.json", views.my_data_download, name="my_data_download"),
    path("delete-account/", views.delete_account, name="delete_account"),
]
