from django.core.management.base import BaseCommand

from beatbridge.data.gazetteer import rebuild_block_gazetteer


class Command(BaseCommand):
    help = "Rebuild the street-block gazetteer (address search) from imported incidents."

    def handle(self, *args, **opts):
        count = rebuild_block_gazetteer()
        self.stdout.write(self.style.SUCCESS(f"Gazetteer: {count} street blocks"))
