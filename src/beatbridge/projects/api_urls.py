from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("projects", api.ProjectViewSet, basename="api-projects")
router.register("project-team", api.TeamMemberViewSet, basename="api-project-team")
router.register("project-evidence", api.EvidenceViewSet, basename="api-project-evidence")
router.register("project-items", api.ActionItemViewSet, basename="api-project-items")
router.register("project-assessments", api.AssessmentViewSet, basename="api-project-assessments")

urlpatterns = router.urls
