from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from beatbridge.areas.models import Area, AreaKind

from ..idempotency import new_form_token
from ..models import Category, TipStatus


class TipForm(forms.Form):
    body = forms.CharField(
        label=_("What do you know?"),
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=8000,
        help_text=_("What happened or is happening, who, when, and anything that can help."),
    )
    category = forms.ModelChoiceField(
        label=_("What is it about? (optional)"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("— Choose if it helps —"),
    )
    location_text = forms.CharField(
        label=_("Where? (optional)"),
        max_length=300,
        required=False,
        help_text=_("A block, a corner, a place or a neighborhood. Not your own address."),
    )
    district = forms.ModelChoiceField(
        label=_("Police district, if you know it (optional)"),
        queryset=Area.objects.filter(kind=AreaKind.DISTRICT).order_by("code"),
        required=False,
        empty_label=_("— I don't know —"),
    )
    identify = forms.BooleanField(
        label=_("I want to give my name or a way to reach me"),
        required=False,
        help_text=_("Leave this unticked to stay anonymous. That is the default."),
    )
    contact = forms.CharField(
        label=_("Your name and how to reach you (only if you ticked the box above)"),
        max_length=200,
        required=False,
    )
    understood = forms.BooleanField(
        label=_(
            "I understand that the secret code I get next is the only way back to this tip. "
            "If I lose it, nobody can give it back to me."
        ),
        required=True,
        error_messages={"required": _("Please confirm that you understand this.")},
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_token", new_form_token())


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Your secret code"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        help_text=_("It looks like XXXXX-XXXXX-XXXXX-XXXXX. Dashes and case do not matter."),
    )


class TipsterReplyForm(forms.Form):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    body = forms.CharField(
        label=_("Your reply or more information"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=8000,
    )


class OfficerReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the tipster"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=8000,
        help_text=_("The tipster reads this with their code. Never ask who they are."),
    )


class TipStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=TipStatus.choices)


class TipRouteForm(forms.Form):
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=Area.objects.filter(kind=AreaKind.DISTRICT).order_by("code"),
        required=False,
        empty_label=_("— Not routed —"),
    )


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Open (not closed)")), ("all", _("All"))] + list(TipStatus.choices),
        required=False,
    )
