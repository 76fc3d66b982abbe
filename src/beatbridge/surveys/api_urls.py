from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("surveys", api.SurveyViewSet, basename="api-surveys")
router.register("survey-waves", api.WaveViewSet, basename="api-survey-waves")

urlpatterns = router.urls
