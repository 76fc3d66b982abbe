"""The FBI NIBRS offense codes Beatbridge's offense categories follow (seeded by a migration).

Each entry: (code, English name, Spanish name, group, crime against, is_minor, is_sensitive).
``is_minor`` marks quality-of-life offenses (the enforcement-balance monitor watches them);
``is_sensitive`` marks offenses that never appear on public maps or in incident-level public
data (sexual offenses, human trafficking, family/domestic offenses): only area counts.
Federal-only codes are left out. Two local sub-categories show how departments refine a code.
"""

from __future__ import annotations

PERSON, PROPERTY, SOCIETY, OTHER = "person", "property", "society", "other"

NIBRS_OFFENSES: list[tuple[str, str, str, str, str, bool, bool]] = [
    ("09A", "Murder and nonnegligent manslaughter", "Homicidio doloso", "A", PERSON, False, False),
    ("09B", "Negligent manslaughter", "Homicidio culposo", "A", PERSON, False, False),
    ("09C", "Justifiable homicide", "Homicidio justificado", "A", PERSON, False, False),
    ("100", "Kidnapping/abduction", "Secuestro/rapto", "A", PERSON, False, False),
    ("11A", "Rape", "Violación", "A", PERSON, False, True),
    ("11B", "Sodomy", "Sodomía", "A", PERSON, False, True),
    (
        "11C",
        "Sexual assault with an object",
        "Agresión sexual con objeto",
        "A",
        PERSON,
        False,
        True,
    ),
    ("11D", "Fondling", "Tocamientos", "A", PERSON, False, True),
    ("36A", "Incest", "Incesto", "A", PERSON, False, True),
    ("36B", "Statutory rape", "Estupro", "A", PERSON, False, True),
    ("13A", "Aggravated assault", "Agresión agravada", "A", PERSON, False, False),
    ("13B", "Simple assault", "Agresión simple", "A", PERSON, False, False),
    ("13C", "Intimidation", "Intimidación", "A", PERSON, False, False),
    (
        "64A",
        "Human trafficking, commercial sex acts",
        "Trata de personas, explotación sexual",
        "A",
        PERSON,
        False,
        True,
    ),
    (
        "64B",
        "Human trafficking, involuntary servitude",
        "Trata de personas, servidumbre",
        "A",
        PERSON,
        False,
        True,
    ),
    ("120", "Robbery", "Robo con violencia", "A", PROPERTY, False, False),
    ("200", "Arson", "Incendio provocado", "A", PROPERTY, False, False),
    ("210", "Extortion/blackmail", "Extorsión/chantaje", "A", PROPERTY, False, False),
    ("220", "Burglary/breaking and entering", "Robo con allanamiento", "A", PROPERTY, False, False),
    ("23A", "Pocket-picking", "Carterismo", "A", PROPERTY, False, False),
    ("23B", "Purse-snatching", "Robo de bolso", "A", PROPERTY, False, False),
    ("23C", "Shoplifting", "Hurto en tiendas", "A", PROPERTY, False, False),
    ("23D", "Theft from building", "Hurto en edificio", "A", PROPERTY, False, False),
    (
        "23E",
        "Theft from coin-operated machine",
        "Hurto de máquina de monedas",
        "A",
        PROPERTY,
        False,
        False,
    ),
    (
        "23F",
        "Theft from motor vehicle",
        "Hurto del interior de vehículo",
        "A",
        PROPERTY,
        False,
        False,
    ),
    (
        "23G",
        "Theft of motor vehicle parts",
        "Hurto de piezas de vehículo",
        "A",
        PROPERTY,
        False,
        False,
    ),
    ("23H", "All other larceny", "Otros hurtos", "A", PROPERTY, False, False),
    ("240", "Motor vehicle theft", "Robo de vehículo", "A", PROPERTY, False, False),
    ("250", "Counterfeiting/forgery", "Falsificación", "A", PROPERTY, False, False),
    ("26A", "False pretenses/swindle", "Estafa", "A", PROPERTY, False, False),
    ("26B", "Credit card/ATM fraud", "Fraude con tarjeta/cajero", "A", PROPERTY, False, False),
    ("26C", "Impersonation", "Suplantación", "A", PROPERTY, False, False),
    ("26D", "Welfare fraud", "Fraude de asistencia social", "A", PROPERTY, False, False),
    ("26E", "Wire fraud", "Fraude electrónico", "A", PROPERTY, False, False),
    ("26F", "Identity theft", "Robo de identidad", "A", PROPERTY, False, False),
    ("26G", "Hacking/computer invasion", "Intrusión informática", "A", PROPERTY, False, False),
    ("270", "Embezzlement", "Malversación", "A", PROPERTY, False, False),
    ("280", "Stolen property offenses", "Delitos de bienes robados", "A", PROPERTY, False, False),
    (
        "290",
        "Destruction/damage/vandalism of property",
        "Daños/vandalismo",
        "A",
        PROPERTY,
        False,
        False,
    ),
    ("35A", "Drug/narcotic violations", "Delitos de drogas", "A", SOCIETY, False, False),
    ("35B", "Drug equipment violations", "Parafernalia de drogas", "A", SOCIETY, True, False),
    ("39A", "Betting/wagering", "Apuestas", "A", SOCIETY, True, False),
    (
        "39B",
        "Operating/promoting/assisting gambling",
        "Organización de juegos de azar",
        "A",
        SOCIETY,
        False,
        False,
    ),
    (
        "39C",
        "Gambling equipment violations",
        "Equipos de juegos de azar",
        "A",
        SOCIETY,
        False,
        False,
    ),
    ("39D", "Sports tampering", "Amaño deportivo", "A", SOCIETY, False, False),
    (
        "370",
        "Pornography/obscene material",
        "Pornografía/material obsceno",
        "A",
        SOCIETY,
        False,
        True,
    ),
    ("40A", "Prostitution", "Prostitución", "A", SOCIETY, False, True),
    ("40B", "Assisting or promoting prostitution", "Proxenetismo", "A", SOCIETY, False, True),
    ("40C", "Purchasing prostitution", "Compra de servicios sexuales", "A", SOCIETY, False, True),
    ("510", "Bribery", "Soborno", "A", PROPERTY, False, False),
    ("520", "Weapon law violations", "Infracciones de la ley de armas", "A", SOCIETY, False, False),
    ("720", "Animal cruelty", "Crueldad animal", "A", SOCIETY, False, False),
    ("90A", "Bad checks", "Cheques sin fondos", "B", PROPERTY, False, False),
    (
        "90B",
        "Curfew/loitering/vagrancy violations",
        "Toque de queda/merodeo/vagancia",
        "B",
        SOCIETY,
        True,
        False,
    ),
    ("90C", "Disorderly conduct", "Alteración del orden público", "B", SOCIETY, True, False),
    ("90D", "Driving under the influence", "Conducir bajo los efectos", "B", SOCIETY, False, False),
    ("90E", "Drunkenness", "Embriaguez", "B", SOCIETY, True, False),
    (
        "90F",
        "Family offenses, nonviolent",
        "Delitos familiares no violentos",
        "B",
        SOCIETY,
        False,
        True,
    ),
    (
        "90G",
        "Liquor law violations",
        "Infracciones de la ley de alcohol",
        "B",
        SOCIETY,
        True,
        False,
    ),
    ("90H", "Peeping Tom", "Voyeurismo", "B", SOCIETY, False, True),
    ("90J", "Trespass of real property", "Allanamiento de propiedad", "B", SOCIETY, True, False),
    ("90Z", "All other offenses", "Todos los demás delitos", "B", OTHER, False, False),
]

# (code, parent code, English, Spanish, is_minor, is_sensitive)
LOCAL_SUBCATEGORIES: list[tuple[str, str, str, str, bool, bool]] = [
    (
        "13A-DV",
        "13A",
        "Aggravated assault – domestic violence",
        "Agresión agravada – violencia doméstica",
        False,
        True,
    ),
    (
        "13B-DV",
        "13B",
        "Simple assault – domestic violence",
        "Agresión simple – violencia doméstica",
        False,
        True,
    ),
]


def seed_offense_categories() -> int:
    """Create any missing NIBRS category (never overwriting an administrator's edits).

    The migration seeds them once; the demo calls this too, because a flushed database
    (tests, ``flush``) loses migration-seeded rows.
    """
    from .models import OffenseCategory

    created = 0
    by_code = {c.code: c for c in OffenseCategory.objects.all()}
    for code, en, es, group, against, minor, sensitive in NIBRS_OFFENSES:
        if code not in by_code:
            by_code[code] = OffenseCategory.objects.create(
                code=code,
                name_en=en,
                name_es=es,
                group=group,
                crime_against=against,
                is_minor=minor,
                is_sensitive=sensitive,
                is_local=False,
            )
            created += 1
    for code, parent, en, es, minor, sensitive in LOCAL_SUBCATEGORIES:
        if code not in by_code:
            p = by_code[parent]
            by_code[code] = OffenseCategory.objects.create(
                code=code,
                name_en=en,
                name_es=es,
                group=p.group,
                crime_against=p.crime_against,
                parent=p,
                is_minor=minor,
                is_sensitive=sensitive,
                is_local=True,
            )
            created += 1
    return created
