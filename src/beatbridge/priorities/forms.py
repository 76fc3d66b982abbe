from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from beatbridge.meetings.forms import UserByEmailField

from .models import Outcome, PriorityStatus

REPORT_STATUSES = [
    (PriorityStatus.ACTIVE, PriorityStatus.ACTIVE.label),
    (PriorityStatus.IMPROVING, PriorityStatus.IMPROVING.label),
    (PriorityStatus.RESOLVED, PriorityStatus.RESOLVED.label),
    (PriorityStatus.DROPPED, PriorityStatus.DROPPED.label),
]


class ProposePriorityForm(forms.Form):
    title = forms.CharField(label=_("The problem, in a few words"), max_length=200)
    title_es = forms.CharField(
        label=_("The problem in Spanish (optional)"),
        help_text=_("Spanish readers see the English title when this is blank."),
        required=False,
        max_length=200,
    )
    description = forms.CharField(
        label=_("Why it matters (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    concerns = forms.ModelMultipleChoiceField(
        label=_("Concerns it comes from (optional)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, area=None, **kwargs):
        super().__init__(*args, **kwargs)
        from beatbridge.concerns.models import Concern

        from .queries import keepers_for, keeps_priorities

        if area is not None and not keeps_priorities(area):
            # A neighborhood keeps no list: the proposal goes on one of its beats' lists.
            keepers = keepers_for(area)
            if len(keepers) > 1:
                self.fields["keeper"] = forms.TypedChoiceField(
                    label=_("Whose list it goes on"),
                    choices=[("", "—"), *((a.pk, str(a)) for a in keepers)],
                    coerce=lambda pk: next(a for a in keepers if str(a.pk) == str(pk)),
                )
        field = {"beat": "beat", "neighborhood": "neighborhood", "district": "district"}.get(
            getattr(area, "kind", "")
        )
        qs = Concern.objects.none()
        if field:
            qs = (
                Concern.objects.public()
                .open()
                .filter(**{field: area})
                .order_by("-support_count", "-created_at")[:20]
            )
            qs = Concern.objects.filter(pk__in=[c.pk for c in qs]).order_by("-support_count")
        self.fields["concerns"].queryset = qs
        self.fields["concerns"].label_from_instance = lambda c: (
            f"#{c.pk} {c.category} — {c.description[:60]} (+{c.support_count})"
        )


class ReportBackForm(forms.Form):
    what_was_done = forms.CharField(
        label=_("What was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
    done_by = forms.CharField(label=_("By whom"), max_length=300)
    outcome = forms.ChoiceField(label=_("Is it better?"), choices=[("", "—"), *Outcome.choices])
    new_status = forms.ChoiceField(label=_("Status now"), choices=REPORT_STATUSES)


class AssignForm(forms.Form):
    officer_owner = UserByEmailField(label=_("Officer owner (email)"), required=False)
    resident_contact = UserByEmailField(label=_("Resident contact (email)"), required=False)
