"""Forms for the concern pages. They collect input; the verbs in services.py decide."""

from __future__ import annotations

from html import escape
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from beatbridge.accounts.models import Organization

from .categories import category_names
from .idempotency import new_form_token
from .models import Category, CloseReason
from .photos import MAX_PHOTOS


class FastSelect(forms.Select):
    """A ``<select>`` rendered in Python, with the same markup as Django's template widget.

    Django renders every ``<option>`` through two templates; for the triage filters (77
    neighborhoods, a page officers reload all day) that alone cost several milliseconds.
    """

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> str:
        selected = frozenset(self.format_value(value))
        final_attrs = self.build_attrs(self.attrs, attrs)
        choices = tuple(
            (str(v), tuple((str(k), str(t)) for k, t in label))
            if isinstance(label, list | tuple)
            else (str(v), str(label))
            for v, label in self.choices
        )
        # The same lists are drawn on every page view: keep the markup per exact input.
        key = (name, tuple(sorted((k, str(v)) for k, v in final_attrs.items())), choices, selected)
        html = _RENDERED.get(key)
        if html is None:
            if len(_RENDERED) > 512:
                _RENDERED.clear()
            html = _RENDERED[key] = self._markup(name, final_attrs, choices, selected)
        return mark_safe(html)  # noqa: S308 - built from escaped values only

    @staticmethod
    def _markup(name: str, attrs: dict, choices: tuple, selected: frozenset) -> str:
        def options(pairs: Any) -> str:
            return "".join(
                f'<option value="{escape(v)}"{" selected" if v in selected else ""}>'
                f"{escape(label)}</option>"
                for v, label in pairs
            )

        parts = [
            f'<optgroup label="{escape(v)}">{options(label)}</optgroup>'
            if isinstance(label, tuple)
            else options([(v, label)])
            for v, label in choices
        ]
        return f'<select name="{escape(name)}"{flatatt(attrs)}>{"".join(parts)}</select>'


_RENDERED: dict[tuple, str] = {}


def apply_errors(
    form: forms.Form, error: ValidationError, aliases: dict[str, str] | None = None
) -> None:
    """Show a verb's ValidationError on the form's fields it names (``aliases`` maps a verb's
    field name to the form's); errors for anything else go on the form as a whole."""
    for field, messages in error.message_dict.items():
        field = (aliases or {}).get(field, field)
        form.add_error(field if field in form.fields else None, messages)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        if len(files) > MAX_PHOTOS:
            raise ValidationError(_("Attach at most %(n)d photos.") % {"n": MAX_PHOTOS})
        return [f for f in files if f]


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return obj.name


CONTACT_CHOICES = [
    ("", _("No preference")),
    ("email", _("Email me")),
    ("phone", _("Phone me")),
    ("none", _("Please do not contact me")),
]


class ConcernForm(forms.Form):
    category = CategoryChoiceField(
        label=_("What kind of problem?"),
        queryset=Category.objects.filter(is_active=True),
        empty_label=_("Choose a category"),
    )
    description = forms.CharField(
        label=_("What is happening?"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 4000}),
        help_text=_("Where exactly, when, how often. Do not include anyone's private details."),
        max_length=4000,
    )
    address = forms.CharField(
        label=_("Address or place"),
        required=False,
        max_length=300,
        help_text=_("For example: “1200 W Main St”, a park, or a neighborhood name."),
    )
    lat = forms.FloatField(
        label=_("Latitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    lon = forms.FloatField(
        label=_("Longitude"), required=False, widget=forms.NumberInput(attrs={"step": "any"})
    )
    photos = MultiplePhotoField(
        label=_("Photos (up to 3)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        help_text=_("JPEG, PNG or WebP. We remove location and camera data from photos."),
    )
    anonymous = forms.BooleanField(
        label=_("Report anonymously"),
        required=False,
        help_text=_(
            "We will not store your account, name or contact details. Keep the tracking link "
            "to follow the concern."
        ),
    )
    contact_name = forms.CharField(label=_("Your name"), required=False, max_length=120)
    contact_email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Optional: we email you when the concern is updated."),
    )
    contact_phone = forms.CharField(label=_("Phone"), required=False, max_length=40)
    contact_preference = forms.ChoiceField(
        label=_("How may we contact you?"), choices=CONTACT_CHOICES, required=False
    )
    submission_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("submission_token", new_form_token())
        if user is not None and getattr(user, "is_authenticated", False):
            kwargs["initial"].setdefault("contact_name", user.display_name)
            kwargs["initial"].setdefault("contact_email", user.email)
        super().__init__(*args, **kwargs)

    def clean(self) -> dict:
        data = super().clean()
        has_point = data.get("lat") is not None and data.get("lon") is not None
        if not has_point and not data.get("address") and "address" not in self.errors:
            self.add_error(
                "address",
                _("Tell us where: click the map, type an address or place, or use your location."),
            )
        return data

    def apply_errors(self, error: ValidationError) -> None:
        """Show a verb's ValidationError on the fields it names (location: by the address)."""
        apply_errors(self, error, aliases={"location": "address"})


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Update"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    public = forms.BooleanField(
        label=_("Show on the public timeline (the reporter is emailed)"),
        required=False,
        initial=True,
    )


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your reply to the officers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class ReopenForm(forms.Form):
    note = forms.CharField(
        label=_("Why does it need another look?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
    )


class TrackingTokenForm(forms.Form):
    """The tracking page's way in: the token (from the link's ``#fragment``) by POST.

    A visitor without JavaScript pastes the whole private link or the part after its ``#``;
    a pasted old-style link (``/concerns/track/<token>/``) works too.
    """

    token = forms.CharField(
        label=_("Your private tracking link"),
        max_length=400,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_("Paste the link you got when you reported, or the part after its “#”."),
    )

    def clean_token(self) -> str:
        raw = self.cleaned_data["token"].strip()
        if "#" in raw:
            raw = raw.rsplit("#", 1)[1]
        elif "/track/" in raw:
            raw = raw.split("/track/", 1)[1].split("/", 1)[0]
        raw = raw.strip()
        if (
            not raw
            or len(raw) > 64
            or not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in raw)
        ):
            raise ValidationError(_("That is not a tracking link."), code="invalid")
        return raw


class FixedCheckForm(forms.Form):
    fixed = forms.TypedChoiceField(
        label=_("Is the problem really fixed?"),
        choices=[("yes", _("Yes, it is fixed")), ("no", _("No, it is still happening"))],
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
    )
    note = forms.CharField(
        label=_("Anything to add? (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
    )


class StatusActionForm(forms.Form):
    """Inputs the status actions may need; each action reads the ones it uses."""

    note = forms.CharField(
        label=_("Public note (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    referred_to = forms.CharField(label=_("Agency or partner"), required=False, max_length=200)
    organization = forms.ModelChoiceField(
        label=_("Partner or city agency"), queryset=Organization.objects.all(), required=False
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=300)
    close_reason = forms.ChoiceField(
        label=_("Why is it closed without a fix?"),
        choices=[("", "—"), *CloseReason.choices],
        required=False,
    )
    original = forms.IntegerField(
        label=_("Original concern number"), required=False, min_value=1, max_value=2**62
    )
    officer = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TriageFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False, widget=FastSelect)
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("All categories"),
        widget=FastSelect,
    )
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"),
        queryset=None,
        required=False,
        empty_label=_("All neighborhoods"),
        widget=FastSelect,
    )
    age = forms.ChoiceField(
        label=_("Age"),
        required=False,
        widget=FastSelect,
        choices=[
            ("", _("Any age")),
            ("1", _("Last 24 hours")),
            ("7", _("Last 7 days")),
            ("30", _("Last 30 days")),
            ("older30", _("Older than 30 days")),
        ],
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    sort = forms.ChoiceField(
        label=_("Order"),
        required=False,
        widget=FastSelect,
        choices=[("", _("Oldest first")), ("replies", _("New replies first"))],
    )

    def __init__(
        self,
        *args: Any,
        status_choices: list,
        own_neighborhoods: set[int] | frozenset[int] = frozenset(),
        **kwargs: Any,
    ) -> None:
        from beatbridge.areas.locator import area_names
        from beatbridge.areas.models import Area

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = status_choices
        neighborhoods = Area.objects.neighborhoods().order_by("name")
        self.fields["neighborhood"].queryset = neighborhoods  # what input is checked against
        # What is shown: plain (id, name) rows, without the areas' GeoJSON outlines.
        # Both lists come from the per-process caches (no query per page view). The
        # officer's own neighborhoods come first, in a group of their own.
        names = sorted(area_names("neighborhood"), key=lambda row: (row[1].casefold(), row[0]))
        own = [row for row in names if row[0] in own_neighborhoods]
        others = [row for row in names if row[0] not in own_neighborhoods]
        grouped: list[Any] = names
        if own:
            grouped = [(_("Your neighborhoods"), own)]
            if others:
                grouped.append((_("Other neighborhoods"), others))
        self.fields["neighborhood"].choices = [
            ("", self.fields["neighborhood"].empty_label),
            *grouped,
        ]
        self.fields["category"].choices = [
            ("", self.fields["category"].empty_label),
            *category_names(),
        ]


class PublicFilterForm(forms.Form):
    category = CategoryChoiceField(
        label=_("Category"),
        queryset=Category.objects.filter(is_active=True),
        required=False,
        empty_label=_("All categories"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("open", _("Open")), ("closed", _("Closed")), ("all", _("All"))],
    )
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood"), queryset=None, required=False, empty_label=_("All neighborhoods")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from beatbridge.areas.models import Area

        super().__init__(*args, **kwargs)
        self.fields["neighborhood"].queryset = (
            Area.objects.neighborhoods().defer("geometry").order_by("name")
        )
