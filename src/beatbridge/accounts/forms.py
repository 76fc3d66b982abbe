from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import User

# The areas a user's neighborhood points to (accounts sits below areas: no import of it).
Area = User._meta.get_field("home_neighborhood").related_model


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )


class SignUpForm(forms.Form):
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    display_name = forms.CharField(label=_("Your name"), max_length=120, required=False)
    password = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=User._meta.get_field("preferred_language").choices
    )
    home_neighborhood = forms.ModelChoiceField(
        label=_("Home neighborhood"),
        queryset=Area.objects.neighborhoods().order_by("name"),
        required=False,
    )

    def clean_email(self):
        # Whether an account has this email is never said here: the answer to a sign-up is
        # the same either way, and the email tells the address's owner (services.sign_up).
        return self.cleaned_data["email"].lower()

    def clean(self):
        data = super().clean()
        if data.get("password"):
            user = User(email=data.get("email", ""), display_name=data.get("display_name", ""))
            try:
                password_validation.validate_password(data["password"], user)
            except forms.ValidationError as exc:
                self.add_error("password", exc)
        return data


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language", "phone"]


class VerificationRequestForm(forms.Form):
    neighborhood = forms.ModelChoiceField(
        label=_("Neighborhood you live in"), queryset=Area.objects.neighborhoods().order_by("name")
    )
    evidence = forms.CharField(
        label=_("How we can confirm it (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class VerificationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("confirm", _("Confirm")), ("decline", _("Decline"))]
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SignUpConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("The password you chose"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class TwoFactorCodeForm(forms.Form):
    code = forms.RegexField(
        label=_("6-digit code from your authenticator app"),
        regex=r"^\d{6}$",
        error_messages={"invalid": _("Enter the 6 digits your app shows.")},
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )
