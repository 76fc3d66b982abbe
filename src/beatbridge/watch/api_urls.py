from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("watch-groups", api.WatchGroupViewSet, basename="api-watch-groups")

urlpatterns = router.urls
