from rest_framework.routers import SimpleRouter

from .api import CategoryViewSet, ConcernViewSet

router = SimpleRouter()
router.register("categories", CategoryViewSet, basename="category")
router.register("concerns", ConcernViewSet, basename="concern")

urlpatterns = router.urls
