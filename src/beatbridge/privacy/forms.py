from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

KINDS = [
    ("", _("Everything")),
    ("read", _("Staff reads of personal data")),
    ("change", _("Changes")),
]


class AuditFilterForm(forms.Form):
    who = forms.CharField(label=_("Who (email contains)"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("What kind"), choices=KINDS, required=False)
    what = forms.CharField(label=_("What (verb or detail contains)"), required=False, max_length=80)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            raise forms.ValidationError(_("“From” must not be after “Until”."))
        return data


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=200,
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be deleted."),
        required=True,
    )
