"""Forms: public incident filters, engagement logging, and the admin import upload."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from beatbridge.areas.models import Area, AreaKind

from .mapping import shipped_mappings
from .models import EngagementKind, ImportKind, OffenseCategory

MAX_RANGE_DAYS = 3 * 366


def public_category_choices() -> list[tuple[str, str]]:
    cats = OffenseCategory.objects.filter(is_sensitive=False).order_by("code")
    return [("", _("All categories"))] + [(c.code, f"{c.code} – {c.name}") for c in cats]


class IncidentFilterForm(forms.Form):
    """Filters for the public map and exports: category and date range (local dates)."""

    category = forms.ChoiceField(label=_("Category"), required=False)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    area_kind = forms.ChoiceField(
        required=False,
        choices=[("", "")] + [(k, k) for k in ("beat", "district", "neighborhood")],
        widget=forms.HiddenInput,
    )
    area_code = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, default_days: int = 90, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.default_days = default_days
        self.fields["category"].choices = public_category_choices()

    def default_period(
        self, since: dt.date | None = None, until: dt.date | None = None
    ) -> tuple[dt.date, dt.date]:
        """The dates the filters mean when one or both are left empty."""
        until = until or timezone.localdate()
        return since or until - dt.timedelta(days=self.default_days - 1), until

    def period(self) -> tuple[dt.date, dt.date] | None:
        """The local dates (inclusive) the filters select; None when they are not valid."""
        if not self.is_bound:
            return self.default_period()
        if not self.is_valid():
            return None
        return self.cleaned_data["since"], self.cleaned_data["until"]

    def offer_categories(self, rows: list[dict], total: int) -> None:
        """List only these categories (``code``, ``name``, ``count`` in the period shown), the
        count after each name; call after validating, as it narrows what is shown only."""
        selected = self.cleaned_data.get("category") if self.is_bound and self.is_valid() else ""
        choices = [("", f"{_('All categories')} ({number_format(total, force_grouping=True)})")]
        for row in rows:
            count = number_format(row["count"], force_grouping=True)
            choices.append((row["code"], f"{row['code']} – {row['name']} ({count})"))
        if selected and selected not in {row["code"] for row in rows}:
            known = dict(self.fields["category"].choices)
            choices.append((selected, f"{known.get(selected, selected)} (0)"))
        self.fields["category"].choices = choices

    def clean(self) -> dict:
        data = super().clean()
        since, until = self.default_period(data.get("since"), data.get("until"))
        if since > until:
            self.add_error("since", _("The start date must be on or before the end date."))
        elif (until - since).days > MAX_RANGE_DAYS:
            self.add_error("since", _("Choose a range of at most three years."))
        data["since"], data["until"] = since, until
        area = None
        if data.get("area_kind") or data.get("area_code"):
            area = Area.objects.filter(
                kind=data.get("area_kind"), code=data.get("area_code")
            ).first()
            if area is None:
                self.add_error("area_code", _("Unknown area."))
        data["area"] = area
        return data


class EngagementForm(forms.Form):
    kind = forms.ChoiceField(label=_("What did you do?"), choices=EngagementKind.choices)
    area = forms.ModelChoiceField(
        label=_("Where"),
        queryset=Area.objects.filter(kind__in=[AreaKind.BEAT, AreaKind.NEIGHBORHOOD]).order_by(
            "kind", "code"
        ),
    )
    started_at = forms.DateTimeField(
        label=_("Started"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    minutes = forms.IntegerField(label=_("Minutes spent"), min_value=1, max_value=24 * 60)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def mapping_choices() -> list[tuple[str, str]]:
    return [("", _("— upload my own mapping below —"))] + [(n, n) for n in shipped_mappings()]


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What is in the file"), choices=ImportKind.choices)
    file = forms.FileField(label=_("Data file (CSV or GeoJSON, may be gzipped)"))
    file_format = forms.ChoiceField(
        label=_("Format"), choices=[("csv", "CSV"), ("geojson", "GeoJSON")]
    )
    shipped_mapping = forms.ChoiceField(label=_("Ready mapping"), required=False)
    mapping_file = forms.FileField(label=_("Or a mapping file (TOML)"), required=False)
    dry_run = forms.BooleanField(label=_("Dry run (check and count, save nothing)"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["shipped_mapping"].choices = mapping_choices()

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("shipped_mapping") and not data.get("mapping_file"):
            raise forms.ValidationError(_("Choose a ready mapping or upload a mapping file."))
        return data
