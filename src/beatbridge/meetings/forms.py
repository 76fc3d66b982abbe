"""Forms for the meetings pages. They parse input; the verbs in services.py validate rules."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beatbridge.accounts.models import Organization, User
from beatbridge.areas.models import Area

from .models import AGE_BANDS, HOME_LANGUAGES, TENURES, MeetingKind

DATETIME_LOCAL = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
MEETING_LANGUAGES = [(c, str(n)) for c, n in HOME_LANGUAGES if c != "other"]
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
ORDINALS = [(1, _("First")), (2, _("Second")), (3, _("Third")), (4, _("Fourth")), (-1, _("Last"))]
REPEATS = [
    ("", _("Does not repeat")),
    ("weekly", _("Weekly")),
    ("monthly_weekday", _("Monthly on a weekday (e.g. second Tuesday)")),
    ("monthly_day", _("Monthly on a day of the month")),
]


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def format_value(self, value):
        if hasattr(value, "strftime"):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return value.strftime("%Y-%m-%dT%H:%M")
        return value


class UserByEmailField(forms.EmailField):
    """Pick a user by email address (no user directory is exposed)."""

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("No account uses this email address."))
        return user


def _areas():
    return Area.objects.filter(kind__in=["beat", "neighborhood", "district"]).order_by(
        "kind", "code"
    )


def _check_ends_after_starts(form: forms.Form, data: dict) -> None:
    if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
        form.add_error("ends_at", _("The meeting must end after it starts."))


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    title_es = forms.CharField(
        label=_("Title in Spanish (optional)"),
        max_length=200,
        required=False,
        help_text=_("Shown to Spanish readers; when blank they see the English title."),
    )
    description = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        help_text=_("The beats and neighborhoods this meeting is for."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"), input_formats=DATETIME_LOCAL, widget=DateTimeLocalInput()
    )
    ends_at = forms.DateTimeField(
        label=_("Ends"), input_formats=DATETIME_LOCAL, widget=DateTimeLocalInput()
    )
    address = forms.CharField(label=_("Address or place"), max_length=300, required=False)
    lon = forms.FloatField(label=_("Longitude"), required=False, min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("Latitude"), required=False, min_value=-90, max_value=90)
    accessibility_notes = forms.CharField(label=_("Accessibility"), max_length=500, required=False)
    online_url = forms.URLField(label=_("Online link"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=MEETING_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    host_facilitator = UserByEmailField(label=_("Resident facilitator (email)"), required=False)
    host_organization = forms.ModelChoiceField(
        label=_("Host organization"), queryset=Organization.objects.all(), required=False
    )
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, required=False, help_text=_("Leave empty for no limit.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = _areas()

    def clean(self):
        data = super().clean()
        _check_ends_after_starts(self, data)
        if (data.get("lon") is None) != (data.get("lat") is None):
            self.add_error("lon", _("Give both longitude and latitude, or neither."))
        return data

    def details(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("starts_at", None)
        data.pop("ends_at", None)
        data.pop("areas", None)
        for key in ("repeats", "weekday", "ordinal", "day_of_month", "until"):
            data.pop(key, None)
        return data


class NewMeetingForm(MeetingForm):
    repeats = forms.ChoiceField(label=_("Repeats"), choices=REPEATS, required=False)
    weekday = forms.TypedChoiceField(
        label=_("Weekday"),
        choices=[("", "—"), *WEEKDAYS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    ordinal = forms.TypedChoiceField(
        label=_("Which one in the month"),
        choices=[("", "—"), *ORDINALS],
        coerce=int,
        required=False,
        empty_value=None,
    )
    day_of_month = forms.IntegerField(
        label=_("Day of the month"), min_value=1, max_value=31, required=False
    )
    until = forms.DateField(
        label=_("Repeat until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class MoveForm(forms.Form):
    starts_at = forms.DateTimeField(
        label=_("New start"), input_formats=DATETIME_LOCAL, widget=DateTimeLocalInput()
    )
    ends_at = forms.DateTimeField(
        label=_("New end"), input_formats=DATETIME_LOCAL, widget=DateTimeLocalInput()
    )
    reason = forms.CharField(label=_("Reason (sent to attendees)"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        _check_ends_after_starts(self, data)
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason (sent to attendees)"), max_length=300, required=False)


class DemographicsFields(forms.Form):
    age_band = forms.ChoiceField(
        label=_("Age"), choices=[("", _("Prefer not to say")), *AGE_BANDS], required=False
    )
    tenure = forms.ChoiceField(
        label=_("Do you rent or own your home?"),
        choices=[("", _("Prefer not to say")), *TENURES],
        required=False,
    )
    language = forms.ChoiceField(
        label=_("Language spoken at home"),
        choices=[("", _("Prefer not to say")), *HOME_LANGUAGES],
        required=False,
    )


class RSVPForm(DemographicsFields):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Email"), help_text=_("For the reminder and your cancel link.")
    )
    field_order = ["name", "email", "age_band", "tenure", "language"]


class WalkInForm(DemographicsFields):
    name = forms.CharField(label=_("Name"), max_length=120, required=False)
    email = forms.EmailField(label=_("Email (optional)"), required=False)
    field_order = ["name", "email", "age_band", "tenure", "language"]


WalkInFormSet = forms.formset_factory(WalkInForm, extra=3, max_num=50)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Topic you want discussed"), max_length=200)
    details = forms.CharField(
        label=_("Details (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Notes"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    order = forms.IntegerField(label=_("Order"), min_value=0, required=False)


class MinutesForm(forms.Form):
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    decisions = forms.CharField(
        label=_("Decisions"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attendance_count = forms.IntegerField(
        label=_("Attendance"),
        min_value=0,
        required=False,
        help_text=_("Leave empty to use the sign-in sheet."),
    )


class QuestionForm(forms.Form):
    question = forms.CharField(
        label=_("Question asked"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    answer = forms.CharField(
        label=_("Answer given"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ActionItemForm(forms.Form):
    description = forms.CharField(label=_("What needs doing"), max_length=500)
    owner_user = UserByEmailField(label=_("Owner (person's email)"), required=False)
    owner_organization = forms.ModelChoiceField(
        label=_("Owner (organization)"), queryset=Organization.objects.all(), required=False
    )
    due_on = forms.DateField(
        label=_("Due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("owner_user") and not data.get("owner_organization"):
            raise forms.ValidationError(
                _("Give the action item an owner: a person or an organization.")
            )
        return data


class RouteForm(forms.Form):
    route = forms.CharField(
        label=_("Route"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Click along the route on the map, or type points as "
            "“longitude, latitude; longitude, latitude; …”, or paste GeoJSON."
        ),
    )


class WalkIssueForm(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=None)
    description = forms.CharField(
        label=_("What was found"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    lon = forms.FloatField(label=_("Longitude"), min_value=-180, max_value=180)
    lat = forms.FloatField(label=_("Latitude"), min_value=-90, max_value=90)
    address = forms.CharField(label=_("Address or place"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from beatbridge.concerns.models import Category

        self.fields["category"].queryset = Category.objects.filter(is_active=True)


class WorkshopForm(forms.Form):
    taught = forms.CharField(
        label=_("What was taught"), max_length=8000, widget=forms.Textarea(attrs={"rows": 4})
    )
    head_count = forms.IntegerField(label=_("How many came"), min_value=0, required=False)
    resources = forms.CharField(
        label=_("Resources handed out"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: “Title | https://link”."),
    )


def language_name(code: str) -> str:
    names = dict(HOME_LANGUAGES) | dict(settings.LANGUAGES)
    return str(names.get(code, code))
