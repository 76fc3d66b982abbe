"""Seed the starting concern categories (existing ones, matched by code, are left alone)."""

from django.db import migrations


def seed(apps, schema_editor):
    from beatbridge.concerns.seed import seed_categories

    seed_categories(apps.get_model("concerns", "Category"))


class Migration(migrations.Migration):
    dependencies = [("concerns", "0002_idempotency_request_hash")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
