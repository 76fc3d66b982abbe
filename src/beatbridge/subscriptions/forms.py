from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from beatbridge.areas.models import Area

from .models import PERSONAL_TOPICS, Frequency, Subscriber, Topic

AREA_TOPICS = [(t.value, t.label) for t in Topic if t.value not in PERSONAL_TOPICS]
PERSONAL_TOPIC_CHOICES = [(t.value, t.label) for t in Topic if t.value in PERSONAL_TOPICS]
_PHONE_CHARS = re.compile(r"[\s().\-]")
_E164 = re.compile(r"^\+[1-9]\d{7,14}$")


def normalize_phone(raw: str) -> str:
    """E.164 (``+13125550100``); ten digits are taken as a North American number.
    Raises ValueError on anything else."""
    value = _PHONE_CHARS.sub("", raw or "")
    if not value:
        return ""
    if value.isdigit() and len(value) == 10:
        value = "+1" + value
    elif value.isdigit() and len(value) == 11 and value.startswith("1"):
        value = "+" + value
    if not _E164.match(value):
        raise ValueError(value)
    return value


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return f"{obj} ({obj.get_kind_display()})"


def area_field(required: bool = False) -> AreaChoiceField:
    return AreaChoiceField(
        label=_("Area"),
        queryset=Area.objects.filter(kind__in=["district", "beat", "neighborhood"]).order_by(
            "kind", "name", "code"
        ),
        required=required,
        empty_label=_("The whole city"),
        help_text=_("Leave as “The whole city” to hear about everywhere."),
    )


class TopicsField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("choices", AREA_TOPICS)
        kwargs.setdefault("label", _("Topics"))
        kwargs.setdefault("error_messages", {"required": _("Choose at least one topic.")})
        super().__init__(**kwargs)


class AreaSubscriptionForm(forms.Form):
    area = area_field()
    topics = TopicsField()

    def __init__(self, *args, subscriber: Subscriber | None = None, editing=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.subscriber = subscriber
        self.editing = editing
        if editing is not None:
            del self.fields["area"]

    def clean_area(self):
        area = self.cleaned_data.get("area")
        if self.subscriber is not None and self.editing is None:
            if self.subscriber.subscriptions.filter(area=area).exists():
                raise forms.ValidationError(
                    _("You already follow this area; change its topics below.")
                )
        return area


class EmailSubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Email address"), max_length=254)
    area = area_field()
    topics = TopicsField(initial=["announcements", "urgent_alerts"])


class SettingsForm(forms.ModelForm):
    personal_topics = forms.MultipleChoiceField(
        label=_("About my own concerns and groups"),
        choices=PERSONAL_TOPIC_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Subscriber
        fields = [
            "email_enabled",
            "sms_enabled",
            "phone",
            "inapp_enabled",
            "frequency",
            "quiet_start",
            "quiet_end",
            "personal_topics",
        ]
        widgets = {
            "quiet_start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "quiet_end": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
            "frequency": forms.RadioSelect,
        }
        help_texts = {
            "phone": _("With the country code, e.g. +1 312 555 0100. Used only for text messages."),
            "quiet_start": _("No messages except urgent alerts between these times (local time)."),
            "frequency": _("Urgent alerts always come at once."),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["frequency"].choices = Frequency.choices

    def clean_phone(self) -> str:
        try:
            return normalize_phone(self.cleaned_data.get("phone", ""))
        except ValueError:
            raise forms.ValidationError(
                _("Enter a mobile number with its country code, e.g. +1 312 555 0100.")
            ) from None

    def clean(self):
        data = super().clean()
        if data.get("sms_enabled") and not data.get("phone") and "phone" not in self.errors:
            self.add_error("phone", _("Enter a mobile number to receive text messages."))
        start, end = data.get("quiet_start"), data.get("quiet_end")
        if (start is None) != (end is None):
            self.add_error("quiet_end", _("Give both times of the quiet hours, or neither."))
        elif start is not None and start == end:
            self.add_error("quiet_end", _("The quiet hours must end at another time."))
        return data


class EmailOnlySettingsForm(SettingsForm):
    """What an email-only subscriber can set: how often, and the quiet hours (no text
    messages or in-app list without an account)."""

    class Meta(SettingsForm.Meta):
        fields = ["frequency", "quiet_start", "quiet_end"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["personal_topics"]
