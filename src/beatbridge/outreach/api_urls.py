from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("announcements", api.AnnouncementViewSet, basename="api-announcements")
router.register("resources", api.ResourceViewSet, basename="api-resources")
router.register("workshop-requests", api.WorkshopRequestViewSet, basename="api-workshop-requests")

urlpatterns = router.urls
