"""The standard trust & safety module, added to a survey in one click.

The three 0-10 items are the ones the Safety and Trust scores are computed from:
``safety`` (Safety score) and ``respect`` + ``listen`` (Trust score). Demographics are
optional and each offers "prefer not to say"; age band x gender and race/ethnicity are the
raking variables.
"""

from __future__ import annotations

PREFER_NOT = ("prefer-not", "Prefer not to say", "Prefiero no decirlo")

SAFETY, RESPECT, LISTEN, TOP_ISSUE = "safety", "respect", "listen", "top_issue"
AGE, GENDER, RACE, TENURE = "age_band", "gender", "race_ethnicity", "tenure"
NEIGHBORHOOD = "neighborhood"
SCORE_CODES = {"safety": (SAFETY,), "trust": (RESPECT, LISTEN)}

NOT_AT_ALL = ("Not at all", "Nada")
COMPLETELY = ("Completely", "Totalmente")

STANDARD_QUESTIONS: list[dict] = [
    {
        "code": NEIGHBORHOOD,
        "kind": "area",
        "required": True,
        "text_en": "Which neighborhood do you live in?",
        "text_es": "¿En qué vecindario vive?",
    },
    {
        "code": SAFETY,
        "kind": "scale",
        "required": True,
        "text_en": "How safe from crime do you feel in your neighborhood?",
        "text_es": "¿Qué tan seguro(a) de la delincuencia se siente en su vecindario?",
        "low": NOT_AT_ALL,
        "high": COMPLETELY,
    },
    {
        "code": RESPECT,
        "kind": "scale",
        "required": True,
        "text_en": "The police treat people in this neighborhood with respect.",
        "text_es": "La policía trata con respeto a las personas de este vecindario.",
        "low": ("Strongly disagree", "Totalmente en desacuerdo"),
        "high": ("Strongly agree", "Totalmente de acuerdo"),
    },
    {
        "code": LISTEN,
        "kind": "scale",
        "required": True,
        "text_en": (
            "The police listen to and take into account the concerns of neighborhood residents."
        ),
        "text_es": (
            "La policía escucha y toma en cuenta las preocupaciones de los residentes del "
            "vecindario."
        ),
        "low": ("Strongly disagree", "Totalmente en desacuerdo"),
        "high": ("Strongly agree", "Totalmente de acuerdo"),
    },
    {
        "code": TOP_ISSUE,
        "kind": "text",
        "required": False,
        "text_en": "What is the number one issue on your block?",
        "text_es": "¿Cuál es el problema número uno en su cuadra?",
    },
    {
        "code": AGE,
        "kind": "single",
        "required": False,
        "text_en": "Your age (optional)",
        "text_es": "Su edad (opcional)",
        "choices": [
            ("18-34", "18 to 34", "18 a 34"),
            ("35-54", "35 to 54", "35 a 54"),
            ("55-plus", "55 or older", "55 o más"),
            PREFER_NOT,
        ],
    },
    {
        "code": GENDER,
        "kind": "single",
        "required": False,
        "text_en": "Your gender (optional)",
        "text_es": "Su género (opcional)",
        "choices": [
            ("woman", "Woman", "Mujer"),
            ("man", "Man", "Hombre"),
            ("another", "Another gender", "Otro género"),
            PREFER_NOT,
        ],
    },
    {
        "code": RACE,
        "kind": "single",
        "required": False,
        "text_en": "Your race or ethnicity (optional)",
        "text_es": "Su raza u origen étnico (opcional)",
        "choices": [
            ("black", "Black or African American", "Negro o afroamericano"),
            ("hispanic", "Hispanic or Latino", "Hispano o latino"),
            ("white", "White", "Blanco"),
            ("asian", "Asian", "Asiático"),
            ("other", "Another or multiple", "Otro o varios"),
            PREFER_NOT,
        ],
    },
    {
        "code": TENURE,
        "kind": "single",
        "required": False,
        "text_en": "How long have you lived in the neighborhood? (optional)",
        "text_es": "¿Cuánto tiempo ha vivido en el vecindario? (opcional)",
        "choices": [
            ("lt-1", "Less than a year", "Menos de un año"),
            ("1-5", "1 to 5 years", "1 a 5 años"),
            ("gt-5", "More than 5 years", "Más de 5 años"),
            PREFER_NOT,
        ],
    },
]

PULSE_QUESTIONS: list[dict] = [
    {
        "code": "fixed",
        "kind": "single",
        "required": True,
        "text_en": "Was the problem fixed?",
        "text_es": "¿Se resolvió el problema?",
        "choices": [
            ("yes", "Yes", "Sí"),
            ("partly", "Partly", "En parte"),
            ("no", "No", "No"),
        ],
    },
    {
        "code": "treated",
        "kind": "scale",
        "required": True,
        "text_en": "How well were you treated?",
        "text_es": "¿Qué tan bien le trataron?",
        "low": ("Very badly", "Muy mal"),
        "high": ("Very well", "Muy bien"),
    },
]
