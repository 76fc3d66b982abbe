from django.urls import path

from . import views

app_name = "priorities"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("area/<str:kind>/<str:code>/", views.area_priorities, name="area"),
    path("area/<str:kind>/<str:code>/propose/", views.propose, name="propose"),
    path("area/<str:kind>/<str:code>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/", views.priority_detail, name="detail"),
    path("<int:pk>/support/", views.support, name="support"),
    path("<int:pk>/report-back/", views.report_back, name="report_back"),
    path("<int:pk>/assign/", views.assign, name="assign"),
]
