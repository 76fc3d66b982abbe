"""Signals other apps may listen to, so concerns never imports them.

``concern_status_changed(sender=Concern, concern, old, new)`` is sent inside the transaction
that changed the status (listeners that send or schedule work use ``transaction.on_commit``).

``concern_update_published(sender=Concern, concern_id, text)`` is sent after the transaction
that made a public change or note committed (the subscriptions app tells supporters).

``concern_referred(sender=Concern, concern, organization)`` is sent after a referral to an
organization committed (the subscriptions app tells its members).
"""

from django.dispatch import Signal

concern_status_changed = Signal()
concern_update_published = Signal()
concern_referred = Signal()
