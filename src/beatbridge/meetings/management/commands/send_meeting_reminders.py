"""Send the day-before reminders now (for servers that run cron instead of a Huey consumer)."""

from django.core.management.base import BaseCommand

from beatbridge.meetings.services import send_due_reminders


class Command(BaseCommand):
    help = "Email everyone coming to tomorrow's meetings (each RSVP is reminded once)."

    def handle(self, *args, **options):
        sent = send_due_reminders()
        self.stdout.write(f"{sent} reminders sent")
