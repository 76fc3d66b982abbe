from rest_framework.routers import SimpleRouter

from . import api

router = SimpleRouter()
router.register("subscriptions", api.SubscriptionViewSet, basename="api-subscriptions")

urlpatterns = router.urls
