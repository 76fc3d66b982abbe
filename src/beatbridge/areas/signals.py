"""Tell every process's locator that the areas changed."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .locator import invalidate
from .models import Area
from .patrol import patrol_memo


@receiver(post_save, sender=Area)
@receiver(post_delete, sender=Area)
def _areas_changed(**kwargs) -> None:
    invalidate()
    patrol_memo.clear()
