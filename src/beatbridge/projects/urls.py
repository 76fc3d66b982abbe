from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.new_project, name="new"),
    path("area/<str:kind>/<str:code>/", views.area_projects, name="area"),
    path("organization/<int:org_pk>/", views.organization_projects, name="organization"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/evidence.svg", views.evidence_chart, name="evidence_chart"),
    path("<int:pk>/analysis/", views.update_analysis, name="analysis"),
    path("<int:pk>/evidence/", views.link_evidence, name="evidence"),
    path("<int:pk>/hypotheses/", views.add_hypothesis, name="hypothesis"),
    path("<int:pk>/team/", views.add_team_member, name="team"),
    path("<int:pk>/items/", views.add_action_item, name="add_item"),
    path("<int:pk>/items/<int:item_pk>/", views.update_action_item, name="update_item"),
    path("<int:pk>/assessments/", views.run_assessment, name="assess"),
    path("<int:pk>/assessments/<int:assessment_pk>/conclude/", views.conclude, name="conclude"),
]
