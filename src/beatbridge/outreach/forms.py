from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from beatbridge.areas.models import Area

from .models import AnnouncementCategory, ResourceKind, Topic

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class AreaChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        if obj.kind == "neighborhood":
            return obj.name
        return str(obj)


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    body = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    category = forms.ChoiceField(label=_("Category"), choices=AnnouncementCategory.choices)
    is_urgent = forms.BooleanField(
        label=_("Urgent: send to subscribers now (safety alerts only)"), required=False
    )
    areas = AreaChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        required=False,
        help_text=_("One or more neighborhoods, beats or districts."),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    is_citywide = forms.BooleanField(label=_("The whole city"), required=False)
    organization = forms.ModelChoiceField(
        label=_("On behalf of"), queryset=None, required=False, empty_label=None
    )
    expires_at = forms.DateTimeField(
        label=_("Expires"), required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    image = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG or WebP, up to 5 MB. Its location data is removed."),
    )
    image_alt = forms.CharField(label=_("Image description"), max_length=200, required=False)

    def __init__(self, *args, areas=None, organizations=None, citywide=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = areas if areas is not None else Area.objects.none()
        if organizations is not None and organizations.exists():
            self.fields["organization"].queryset = organizations
        else:
            del self.fields["organization"]
        if not citywide:
            del self.fields["is_citywide"]


class AnnouncementEditForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=140)
    body = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    expires_at = forms.DateTimeField(
        label=_("Expires"), required=False, widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )


class ResourceSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    topic = forms.ChoiceField(
        label=_("Topic"), required=False, choices=[("", _("All topics")), *Topic.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("All languages")), *settings.LANGUAGES],
    )


class ResourceForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=ResourceKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    summary = forms.CharField(label=_("Summary"), max_length=400, required=False)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("A checklist: one item per line."),
    )
    url = forms.URLField(label=_("Link"), required=False, assume_scheme="https")
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF, PNG or JPEG, up to 10 MB.")
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.CharField(
        label=_("Suggest on these categories"),
        required=False,
        max_length=300,
        help_text=_("Concern category or offense codes, separated by commas."),
    )

    def clean_categories(self) -> list[str]:
        raw = self.cleaned_data.get("categories") or ""
        return [c.strip() for c in raw.split(",") if c.strip()]


class WorkshopRequestForm(forms.Form):
    topic = forms.ChoiceField(label=_("Topic"), choices=Topic.choices)
    note = forms.CharField(
        label=_("What would help your block? (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OfficerProfileForm(forms.Form):
    languages = forms.CharField(label=_("Languages you speak"), max_length=200, required=False)
    public_email = forms.EmailField(label=_("Public contact email"), required=False)
    public_phone = forms.CharField(label=_("Public contact phone"), max_length=40, required=False)
    about = forms.CharField(
        label=_("About you (one or two sentences)"),
        max_length=400,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    photo = forms.FileField(label=_("Photo"), required=False, help_text=_("JPEG, PNG or WebP."))
    remove_photo = forms.BooleanField(label=_("Remove the photo"), required=False)
