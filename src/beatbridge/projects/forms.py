from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from beatbridge.accounts.models import Organization
from beatbridge.meetings.forms import UserByEmailField

from .models import ActionStatus, Conclusion, EvidenceKind, NextStep, Stage, TeamRole

DATE = forms.DateInput(attrs={"type": "date"})


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    statement = forms.CharField(
        label=_("Problem statement"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    start_date = forms.DateField(label=_("Start date"), widget=DATE)
    target_response_date = forms.DateField(
        label=_("Response starts by"), required=False, widget=DATE
    )
    target_assessment_date = forms.DateField(label=_("Assessment by"), required=False, widget=DATE)
    is_public = forms.BooleanField(label=_("Show on the public project page"), required=False)


class AnalysisForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)
    offender = forms.CharField(
        label=_("Offender"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    handler = forms.CharField(
        label=_("Handler (who could influence the offender)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    target = forms.CharField(
        label=_("Target or victim"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    guardian = forms.CharField(
        label=_("Guardian (who could protect the target)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    place = forms.CharField(
        label=_("Place"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    manager = forms.CharField(
        label=_("Place manager (who controls the place)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    private_notes = forms.CharField(
        label=_("Private notes (team only)"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class EvidenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    concern = forms.IntegerField(label=_("Concern number"), required=False, min_value=1)
    tip = forms.IntegerField(label=_("Tip number"), required=False, min_value=1)
    minutes_meeting = forms.IntegerField(
        label=_("Meeting number (its minutes)"), required=False, min_value=1
    )
    category = forms.ModelChoiceField(label=_("Incident category"), required=False, queryset=None)
    date_from = forms.DateField(label=_("Incidents from"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("Incidents to"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from beatbridge.data.models import OffenseCategory

        self.fields["category"].queryset = OffenseCategory.objects.order_by("code")


class HypothesisForm(forms.Form):
    text = forms.CharField(label=_("Hypothesis"), max_length=500)


class TeamForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=TeamRole.choices)
    user = UserByEmailField(label=_("Person (email address)"), required=False)
    organization = forms.ModelChoiceField(
        label=_("or partner organization"), queryset=Organization.objects.all(), required=False
    )


class ActionItemForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    owner_user = UserByEmailField(label=_("Owner: a person (email address)"), required=False)
    owner_organization = forms.ModelChoiceField(
        label=_("or a partner organization"), queryset=Organization.objects.all(), required=False
    )
    due_date = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    is_public = forms.BooleanField(label=_("Public"), required=False, initial=True)


class ItemUpdateForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    note = forms.CharField(
        label=_("Progress note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssessmentForm(forms.Form):
    before_start = forms.DateField(label=_("Before: from"), widget=DATE)
    before_end = forms.DateField(label=_("Before: to"), widget=DATE)
    after_start = forms.DateField(label=_("After: from"), widget=DATE)
    after_end = forms.DateField(label=_("After: to"), widget=DATE)
    comparison_area = forms.ModelChoiceField(
        label=_("Comparison area (empty: the rest of the district)"),
        required=False,
        queryset=None,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from beatbridge.areas.models import Area

        self.fields["comparison_area"].queryset = Area.objects.filter(
            kind__in=["beat", "neighborhood", "district"]
        ).order_by("kind", "code")


class ConclusionForm(forms.Form):
    conclusion = forms.ChoiceField(label=_("Conclusion"), choices=Conclusion.choices)
    next_step = forms.ChoiceField(label=_("Next step"), choices=NextStep.choices)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )
