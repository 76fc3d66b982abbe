"""Signals other apps may listen to, so concerns never imports them.

``concern_status_changed(sender=Concern, concern, old, new)`` is sent inside the transaction
that changed the status (listeners that send or schedule work use ``transaction.on_commit``).
"""

from django.dispatch import Signal

concern_status_changed = Signal()
