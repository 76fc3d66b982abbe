"""Forms for area pages and the admin's boundary import."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AreaKind

MAX_GEOJSON_BYTES = 25 * 1024 * 1024


class AreaImportForm(forms.Form):
    """What ``beatbridge import_areas`` asks for, as a form (one kind of areas per file)."""

    file = forms.FileField(
        label=_("GeoJSON file"),
        help_text=_("A FeatureCollection of Polygon or MultiPolygon features, in lon/lat (WGS84)."),
    )
    kind = forms.ChoiceField(label=_("These areas are"), choices=AreaKind.choices)
    code_field = forms.CharField(
        label=_("Property holding the code"), max_length=100, help_text=_("For example: beat_num")
    )
    name_field = forms.CharField(
        label=_("Property holding the name"),
        max_length=100,
        required=False,
        help_text=_("Leave empty to use the code."),
    )
    parent_kind = forms.ChoiceField(
        label=_("Link each area to the area containing it, of kind"),
        choices=[("", _("No parent")), *AreaKind.choices],
        required=False,
        help_text=_("Beats inside districts: import districts first."),
    )
    population_field = forms.CharField(
        label=_("Property holding the population"), max_length=100, required=False
    )

    def clean_file(self) -> dict[str, Any]:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_GEOJSON_BYTES:
            raise forms.ValidationError(_("The file is larger than 25 MB."))
        try:
            return json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise forms.ValidationError(
                _("This is not a GeoJSON (JSON) file: %(error)s") % {"error": exc}
            ) from None
