"""allauth's forms in the app's words: plain labels, and messages that say what to do
(settings.ACCOUNT_FORMS)."""

from typing import Any

from allauth.account import forms as allauth_forms

from core.forms import PlainErrorsMixin

NEW_PASSWORD = "Enter a new password"
NEW_PASSWORD_AGAIN = "Enter the new password again"


def _new_password_fields(form: Any) -> None:
    """The two boxes for choosing a password, labelled for someone who may never have
    had one."""
    form.fields["password1"].label = "New password"
    form.fields["password2"].label = "New password again"
    for name in ("password1", "password2"):
        form.fields[name].widget.attrs.pop("placeholder", None)


class LoginForm(PlainErrorsMixin, allauth_forms.LoginForm):
    """allauth's sign-in form in plainer words; the reset link sits under the form."""

    plain_errors = {
        "login": "Enter your email address",
        "password": "Enter your password",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].help_text = ""
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["remember"].label = "Keep me signed in on this computer"


class ResetPasswordForm(PlainErrorsMixin, allauth_forms.ResetPasswordForm):
    plain_errors = {"email": "Enter your email address"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields["email"].widget.attrs.pop("placeholder", None)


class ResetPasswordKeyForm(PlainErrorsMixin, allauth_forms.ResetPasswordKeyForm):
    """Choosing a password from a reset link or an invitation."""

    plain_errors = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD_AGAIN}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _new_password_fields(self)


class ChangePasswordForm(PlainErrorsMixin, allauth_forms.ChangePasswordForm):
    plain_errors = {
        "oldpassword": "Enter your current password",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD_AGAIN,
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].label = "Current password"
        self.fields["oldpassword"].widget.attrs.pop("placeholder", None)
        _new_password_fields(self)


class SetPasswordForm(PlainErrorsMixin, allauth_forms.SetPasswordForm):
    plain_errors = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD_AGAIN}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _new_password_fields(self)


class ReauthenticateForm(PlainErrorsMixin, allauth_forms.ReauthenticateForm):
    plain_errors = {"password": "Enter your password"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = ""
        self.fields["password"].widget.attrs.pop("placeholder", None)
