"""Trust and safety surveys: surveys, their questions, waves, invitations and responses.

Privacy by construction: a Response stores its wave, the resident's neighborhood, the day
(not the time) and how it came (open link, invitation, account, pulse) -- never an IP
address, account, user agent or invitation. Its primary key is a random UUID, so row order
says nothing about who answered when. A signed-in resident's once-per-wave rule is kept in
WaveParticipation, which holds only the wave and a keyed hash of the account id (as primary
key, no timestamp), with no link to the response. Invitation tokens are stored as keyed
hashes and only marked used.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


def _bilingual(en: str, es: str) -> str:
    return es if (translation.get_language() or "en").startswith("es") and es else en


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class Survey(models.Model):
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_es = models.CharField(_("title (Spanish)"), max_length=200, blank=True, default="")
    intro_en = models.TextField(
        _("introduction (English)"), blank=True, default="", max_length=2000
    )
    intro_es = models.TextField(
        _("introduction (Spanish)"), blank=True, default="", max_length=2000
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT
    )
    is_pulse = models.BooleanField(_("pulse follow-up survey"), default=False)
    allow_open_link = models.BooleanField(_("open link"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return _bilingual(self.title_en, self.title_es)

    @property
    def intro(self) -> str:
        return _bilingual(self.intro_en, self.intro_es)

    def responses_exist(self) -> bool:
        return Response.objects.filter(wave__survey=self).exists()


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale 0-10")
    LIKERT = "likert", _("Likert (5 points)")
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TEXT = "text", _("Free text")
    AREA = "area", _("Neighborhood or ZIP")


NUMERIC_KINDS = (QuestionKind.SCALE, QuestionKind.LIKERT)
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices)
    text_en = models.CharField(_("question (English)"), max_length=400)
    text_es = models.CharField(_("question (Spanish)"), max_length=400, blank=True, default="")
    low_label_en = models.CharField(max_length=80, blank=True, default="")
    low_label_es = models.CharField(max_length=80, blank=True, default="")
    high_label_en = models.CharField(max_length=80, blank=True, default="")
    high_label_es = models.CharField(max_length=80, blank=True, default="")
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "code"], name="survey_question_code")
        ]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return _bilingual(self.text_en, self.text_es)

    @property
    def low_label(self) -> str:
        return _bilingual(self.low_label_en, self.low_label_es)

    @property
    def high_label(self) -> str:
        return _bilingual(self.high_label_en, self.high_label_es)

    @property
    def is_numeric(self) -> bool:
        return self.kind in NUMERIC_KINDS

    @property
    def scale_values(self) -> list[int]:
        if self.kind == QuestionKind.SCALE:
            return list(range(11))
        if self.kind == QuestionKind.LIKERT:
            return list(range(1, 6))
        return []


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(default=0)
    value = models.SlugField(_("value"), max_length=40)
    label_en = models.CharField(_("label (English)"), max_length=200)
    label_es = models.CharField(_("label (Spanish)"), max_length=200, blank=True, default="")

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "value"], name="survey_choice_value")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return _bilingual(self.label_en, self.label_es)


class Wave(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="waves")
    name = models.CharField(_("name"), max_length=120)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))

    class Meta:
        ordering = ["opens_on", "pk"]
        verbose_name = _("wave")
        verbose_name_plural = _("waves")

    def __str__(self) -> str:
        return f"{self.survey} — {self.name}"

    def is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return (
            self.survey.status == SurveyStatus.ACTIVE and self.opens_on <= today <= self.closes_on
        )


class InvitationPurpose(models.TextChoices):
    MAILING = "mailing", _("Mailing list")
    MEETING = "meeting", _("Meeting attendees")
    PULSE = "pulse", _("Concern follow-up")


class Invitation(models.Model):
    """A single-use link. Only the keyed hash of its token is stored; ``is_used`` is set when
    it is answered, with no link to the response."""

    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    purpose = models.CharField(max_length=10, choices=InvitationPurpose.choices)
    is_used = models.BooleanField(default=False)
    created_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return f"{self.wave_id}:{self.pk}"


class ResponseChannel(models.TextChoices):
    OPEN = "open", _("Open link")
    INVITATION = "invitation", _("Invitation")
    ACCOUNT = "account", _("Signed-in resident")


class Response(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="responses")
    neighborhood = models.ForeignKey(
        "areas.Area", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    channel = models.CharField(max_length=10, choices=ResponseChannel.choices)
    language = models.CharField(max_length=5, default="en")
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        ordering = ["submitted_on"]
        verbose_name = _("response")
        verbose_name_plural = _("responses")

    def __str__(self) -> str:
        return str(self.pk)


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.FloatField(null=True, blank=True)
    choice = models.ForeignKey(Choice, null=True, blank=True, on_delete=models.CASCADE)
    text = models.TextField(blank=True, default="", max_length=2000)
    theme = models.CharField(_("theme"), max_length=64, blank=True, default="")
    is_public = models.BooleanField(_("shown publicly"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self) -> str:
        return f"{self.question_id}"


class WaveParticipation(models.Model):
    """That an account answered a wave: the keyed hash of (wave, user id) only."""

    key = models.CharField(max_length=64, primary_key=True)
    wave = models.ForeignKey(Wave, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("wave participation")

    def __str__(self) -> str:
        return self.key[:8]


class MarginVariable(models.TextChoices):
    AGE_GENDER = "age_gender", _("Age band × gender")
    RACE = "race_ethnicity", _("Race/ethnicity")


class PopulationMargin(models.Model):
    """A population count per category for raking, uploaded by an admin as CSV."""

    area = models.ForeignKey("areas.Area", on_delete=models.CASCADE, related_name="+")
    variable = models.CharField(max_length=20, choices=MarginVariable.choices)
    category = models.CharField(max_length=80)
    population = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["area", "variable", "category"], name="survey_margin_unique"
            )
        ]
        verbose_name = _("population margin")

    def __str__(self) -> str:
        return f"{self.area_id} {self.variable} {self.category}"
