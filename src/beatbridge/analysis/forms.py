from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import conf


class HotspotForm(forms.Form):
    category = forms.ChoiceField(label=_("Offense category"), required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput({"type": "date"})
    )
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput({"type": "date"}))
    resolution = forms.TypedChoiceField(
        label=_("Hexagon size"),
        coerce=int,
        empty_value=None,
        required=False,
        choices=[
            (7, _("Large (about 5 km²)")),
            (8, _("Medium (about 0.7 km²)")),
            (9, _("Small (about 0.1 km²)")),
            (10, _("Block (about 0.015 km²)")),
        ],
    )

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", _("All offenses"))] + [
            (c.code, str(c)) for c in categories
        ]
        today = timezone.localdate()
        self.fields["start"].initial = today - dt.timedelta(days=int(conf.get("HOTSPOT_DAYS")))
        self.fields["end"].initial = today
        self.fields["resolution"].initial = int(conf.get("HOTSPOT_RESOLUTION"))


class WedgeResponseForm(forms.Form):
    action = forms.CharField(
        label=_("What was done"),
        max_length=4000,
        widget=forms.Textarea({"rows": 3}),
        help_text=_("E.g. met the beat team, reviewed stop patterns, raised at the beat meeting."),
    )


class PopulationUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Population table (CSV)"),
        help_text=_("Columns: area_code, year, total, then any group columns (counts)."),
    )
