from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("priorities", api.PriorityViewSet, basename="api-priorities")

urlpatterns = router.urls
