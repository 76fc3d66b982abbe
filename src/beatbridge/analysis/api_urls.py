from django.urls import path

from . import api

urlpatterns = [
    path("insights/hotspots/", api.Hotspots.as_view(), name="insights-hotspots"),
    path("insights/near-repeat/", api.NearRepeatPatterns.as_view(), name="insights-near-repeat"),
    path("insights/elevated-risks/", api.ElevatedRisks.as_view(), name="insights-elevated-risks"),
    path("insights/trend-alerts/", api.TrendAlerts.as_view(), name="insights-trend-alerts"),
    path("insights/balance/<str:code>/", api.BalanceSeries.as_view(), name="insights-balance"),
]
