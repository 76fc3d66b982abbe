"""The starting set of concern categories (English and Spanish), used by a data migration
and by the demo. Seeding is idempotent: existing categories (matched by code) are left as
administrators edited them; only missing ones are added.
"""

from __future__ import annotations

from typing import Any


def _choice(key: str, name: str) -> dict:
    return {"key": key, "name": name}


TIME_OF_DAY = {
    "code": "time_of_day",
    "variable": True,
    "datatype": "singlevaluelist",
    "required": False,
    "datatype_description": "",
    "order": 1,
    "description": "When does it usually happen?",
    "values": [
        _choice("morning", "Morning (6am-noon)"),
        _choice("afternoon", "Afternoon (noon-6pm)"),
        _choice("evening", "Evening (6pm-midnight)"),
        _choice("night", "Night (midnight-6am)"),
    ],
}

VEHICLE_QUESTIONS = [
    {
        "code": "license_plate",
        "variable": True,
        "datatype": "string",
        "required": False,
        "datatype_description": "As much of the plate as you can read",
        "order": 1,
        "description": "License plate",
        "values": [],
    },
    {
        "code": "vehicle_color",
        "variable": True,
        "datatype": "singlevaluelist",
        "required": False,
        "datatype_description": "",
        "order": 2,
        "description": "Vehicle color",
        "values": [
            _choice(c, c.capitalize())
            for c in ("black", "white", "silver", "gray", "red", "blue", "green", "other")
        ],
    },
]

CATEGORIES: list[dict[str, Any]] = [
    {
        "code": "drug-activity",
        "name_en": "Drug activity",
        "name_es": "Actividad de drogas",
        "description_en": "Drug sales or use in a public place, at a house or in a car.",
        "description_es": "Venta o consumo de drogas en la vía pública, en una casa o un auto.",
        "responsible_unit": "District tactical team",
        "allows_anonymous": True,
        "is_public": True,
        "duplicate_radius_m": 200,
        "response_target_hours": 48,
        "attributes": [TIME_OF_DAY],
    },
    {
        "code": "speeding-traffic",
        "name_en": "Speeding and traffic",
        "name_es": "Exceso de velocidad y tráfico",
        "description_en": "Speeding, running stop signs, dangerous driving, drag racing.",
        "description_es": "Exceso de velocidad, no respetar altos, manejo peligroso, arrancones.",
        "responsible_unit": "Traffic section",
        "duplicate_radius_m": 300,
        "response_target_hours": 72,
        "attributes": [TIME_OF_DAY],
    },
    {
        "code": "noise",
        "name_en": "Noise",
        "name_es": "Ruido",
        "description_en": "Loud music, parties, or other noise that keeps happening.",
        "description_es": "Música fuerte, fiestas u otro ruido que se repite.",
        "responsible_unit": "Beat team",
        "duplicate_radius_m": 150,
        "response_target_hours": 72,
        "attributes": [TIME_OF_DAY],
    },
    {
        "code": "abandoned-vehicle",
        "name_en": "Abandoned vehicle",
        "name_es": "Vehículo abandonado",
        "description_en": "A vehicle parked for a long time, damaged, or without plates.",
        "description_es": "Un vehículo estacionado por mucho tiempo, dañado o sin placas.",
        "responsible_unit": "Department of Streets and Sanitation",
        "duplicate_radius_m": 50,
        "response_target_hours": 120,
        "attributes": VEHICLE_QUESTIONS,
    },
    {
        "code": "vandalism-graffiti",
        "name_en": "Vandalism and graffiti",
        "name_es": "Vandalismo y grafiti",
        "description_en": "Damage to property, graffiti, broken windows.",
        "description_es": "Daños a la propiedad, grafiti, ventanas rotas.",
        "responsible_unit": "Beat team",
        "duplicate_radius_m": 75,
        "response_target_hours": 96,
    },
    {
        "code": "lighting",
        "name_en": "Lighting",
        "name_es": "Alumbrado",
        "description_en": "Street lights or alley lights out, dark spots that feel unsafe.",
        "description_es": (
            "Luces de calle o callejón apagadas, lugares oscuros que se sienten inseguros."
        ),
        "responsible_unit": "Department of Transportation",
        "duplicate_radius_m": 100,
        "response_target_hours": 120,
    },
    {
        "code": "loitering",
        "name_en": "Loitering",
        "name_es": "Merodeo",
        "description_en": "Groups gathering in a way that blocks or worries people.",
        "description_es": "Grupos reunidos de una forma que bloquea el paso o preocupa a la gente.",
        "responsible_unit": "Beat team",
        "duplicate_radius_m": 150,
        "response_target_hours": 72,
        "attributes": [TIME_OF_DAY],
    },
    {
        "code": "suspicious-activity",
        "name_en": "Suspicious activity",
        "name_es": "Actividad sospechosa",
        "description_en": (
            "Something that seems wrong but is not an emergency. Call 911 for emergencies."
        ),
        "description_es": (
            "Algo que parece extraño pero no es una emergencia. Llame al 911 en emergencias."
        ),
        "responsible_unit": "Beat team",
        "duplicate_radius_m": 150,
        "response_target_hours": 48,
    },
    {
        "code": "youth-needs",
        "name_en": "Youth needs",
        "name_es": "Necesidades de los jóvenes",
        "description_en": "Young people who need a safe place, programs, or someone to talk to.",
        "description_es": (
            "Jóvenes que necesitan un lugar seguro, programas o alguien con quien hablar."
        ),
        "responsible_unit": "Youth services",
        "duplicate_radius_m": 300,
        "response_target_hours": 120,
    },
    {
        "code": "park-safety",
        "name_en": "Park safety",
        "name_es": "Seguridad en parques",
        "description_en": "Safety problems in a park or playground.",
        "description_es": "Problemas de seguridad en un parque o área de juegos.",
        "responsible_unit": "Park District liaison",
        "duplicate_radius_m": 250,
        "response_target_hours": 96,
    },
    {
        "code": "other",
        "name_en": "Other",
        "name_es": "Otro",
        "description_en": "Anything else the police and neighbors should work on together.",
        "description_es": (
            "Cualquier otra cosa en la que la policía y los vecinos deban trabajar juntos."
        ),
        "responsible_unit": "Beat team",
        "duplicate_radius_m": 100,
        "response_target_hours": 120,
    },
]


def seed_categories(category_model: Any = None) -> int:
    """Add the missing starting categories; returns how many were created."""
    if category_model is None:
        from .models import Category as category_model  # noqa: N813
    created = 0
    for order, spec in enumerate(CATEGORIES, start=1):
        defaults = {"order": order * 10, **spec}
        defaults.pop("code")
        _, was_created = category_model.objects.get_or_create(code=spec["code"], defaults=defaults)
        created += int(was_created)
    return created
