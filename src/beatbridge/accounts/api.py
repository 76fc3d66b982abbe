from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated

from .models import Organization, User


class OrganizationSerializer(serializers.ModelSerializer):
    neighborhoods = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")

    class Meta:
        model = Organization
        fields = [
            "id",
            "name",
            "kind",
            "description",
            "neighborhoods",
            "contact_name",
            "contact_email",
            "website",
        ]


class MeSerializer(serializers.ModelSerializer):
    home_neighborhood = serializers.SlugRelatedField(read_only=True, slug_field="code")

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "display_name",
            "role",
            "preferred_language",
            "home_neighborhood",
            "home_verified",
        ]


class OrganizationList(generics.ListAPIView):
    """Partner organizations (public)."""

    queryset = Organization.objects.prefetch_related("neighborhoods")
    serializer_class = OrganizationSerializer
    filterset_fields = ["kind"]


class Me(generics.RetrieveAPIView):
    """The signed-in user's own profile."""

    serializer_class = MeSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        return self.request.user
