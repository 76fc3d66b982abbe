from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("", views.survey_list, name="list"),
    path("new/", views.survey_create, name="create"),
    path("<int:pk>/", views.survey_detail, name="detail"),
    path("<int:pk>/standard/", views.add_standard, name="add_standard"),
    path("<int:pk>/question/", views.add_question, name="add_question"),
    path("<int:pk>/wave/", views.open_wave, name="open_wave"),
    path("question/<int:pk>/move/", views.move_question, name="move_question"),
    path("wave/<int:pk>/invitations/", views.invitations, name="invitations"),
    path("w/<int:pk>/", views.answer, name="answer"),
    path("w/<int:pk>/thanks/", views.thanks, name="thanks"),
    path("results/<int:pk>/", views.results, name="results"),
    path("results/<int:pk>/chart.svg", views.results_chart, name="results_chart"),
    path("results/<int:pk>/export.csv", views.results_csv, name="results_csv"),
    path("answer/<uuid:pk>/relabel/", views.relabel, name="relabel"),
    path("margins/", views.margins, name="margins"),
    path("methods/", views.methods, name="methods"),
]
