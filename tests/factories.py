"""factory-boy factories shared by all tests."""

import factory
from shapely.geometry import box, mapping

from beatbridge.accounts.models import Organization, OrganizationKind, Role, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    display_name = factory.Faker("name")
    role = Role.RESIDENT

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):  # noqa: N805
        obj.set_password(extracted or "correct-horse-battery")
        if create:
            obj.save(update_fields=["password"])


def square(x0: float, y0: float, size: float = 0.01) -> dict:
    return mapping(box(x0, y0, x0 + size, y0 + size))


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Partner {n}")
    kind = OrganizationKind.NONPROFIT
