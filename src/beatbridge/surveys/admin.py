from django.contrib import admin

from .models import Choice, PopulationMargin, Question, Survey, Wave


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ["title_en", "status", "is_pulse", "created_at"]
    inlines = [QuestionInline]


@admin.register(Wave)
class WaveAdmin(admin.ModelAdmin):
    list_display = ["survey", "name", "opens_on", "closes_on"]


@admin.register(Choice)
class ChoiceAdmin(admin.ModelAdmin):
    list_display = ["question", "value", "label_en"]


@admin.register(PopulationMargin)
class PopulationMarginAdmin(admin.ModelAdmin):
    list_display = ["area", "variable", "category", "population"]
