"""Send the action item reminders now (what the daily Huey task does)."""

from django.core.management.base import BaseCommand

from beatbridge.projects.services import send_action_reminders


class Command(BaseCommand):
    help = "Remind owners of project action items due soon or overdue (each item once)."

    def handle(self, *args, **options):
        sent = send_action_reminders()
        self.stdout.write(f"Reminders sent: {sent['due']} due soon, {sent['overdue']} overdue.")
