"""What the triage queue and an officer's concern page derive from stored data: which
concerns hold a new reply from the person who reported, the officer's own neighborhoods,
and the extra questions' answers under their labels.

Plain functions over querysets and categories; views.py asks, nothing here writes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet, Subquery

from beatbridge.accounts.models import Role

from . import permissions
from .models import Category, ConcernUpdate, UpdateKind

#: Entries written by the person who reported: their replies and their "is it fixed?" answer.
REPORTER_KINDS = (UpdateKind.SUBMITTER_REPLY, UpdateKind.FIXED_CHECK)
#: Entries an officer writes to the reporter: public notes (questions) and status changes.
OFFICER_KINDS = (UpdateKind.NOTE, UpdateKind.STATUS)
#: The roles that triage concerns (partners' referral updates are not an officer's answer).
TRIAGE_ROLES = (Role.OFFICER, Role.SUPERVISOR, Role.ADMIN)


def has_new_reply() -> Exists:
    """True for a concern whose reporter wrote after the latest public update an officer
    posted (a question, a note, a status change), i.e. they answered and nobody has
    answered back yet. Internal notes (assignments among them) do not count as an answer:
    the reporter never sees them. A concern no officer has written to has no new reply.

    One correlated EXISTS per row, so a page of the queue stays one query.
    """
    latest_officer_update = Subquery(
        ConcernUpdate.objects.filter(
            concern=OuterRef(OuterRef("pk")),
            kind__in=OFFICER_KINDS,
            is_public=True,
            author__role__in=TRIAGE_ROLES,
        )
        .order_by("-created_at", "-pk")
        .values("created_at")[:1]
    )
    return Exists(
        ConcernUpdate.objects.filter(
            concern=OuterRef("pk"),
            kind__in=REPORTER_KINDS,
            created_at__gt=latest_officer_update,
        )
    )


def with_new_reply(qs: QuerySet) -> QuerySet:
    """``qs`` with ``has_new_reply`` annotated (see :func:`has_new_reply`)."""
    return qs.annotate(has_new_reply=has_new_reply())


def own_neighborhood_ids(user: Any) -> set[int]:
    """The neighborhoods overlapping the areas ``user`` is assigned to today (their beats;
    in a city whose officers work neighborhoods, those neighborhoods). Empty for staff
    without an assignment, e.g. most supervisors. From the per-process area indexes."""
    from beatbridge.areas.locator import areas_by_id
    from beatbridge.areas.models import AreaKind
    from beatbridge.areas.queries import overlapping

    found: set[int] = set()
    for area in areas_by_id(permissions.current_beat_ids(user)):
        if area.kind == AreaKind.NEIGHBORHOOD:
            found.add(area.pk)
        else:
            found |= {n.pk for n in overlapping(area, AreaKind.NEIGHBORHOOD)}
    return found


def _humanized(code: str) -> str:
    """A label for an answer whose question the category no longer has."""
    return code.replace("_", " ").replace("-", " ").strip().capitalize() or code


def labelled_answers(category: Category, answers: Any) -> list[tuple[str, str]]:
    """(question, answer) pairs for a concern's stored extra answers (``{code: value}``):
    the category's question text instead of the code, the choices' names instead of their
    keys (comma-separated keys for multiple choice), in the category's question order.
    Answers to questions the category no longer asks come last, under a readable code."""
    if not isinstance(answers, dict) or not answers:
        return []
    questions = {
        str(q["code"]): q
        for q in sorted(
            (q for q in category.attributes or [] if isinstance(q, dict) and q.get("code")),
            key=lambda q: q.get("order") or 0,
        )
    }
    ordered = [code for code in questions if code in answers]
    ordered += [code for code in answers if code not in questions]
    pairs = []
    for code in ordered:
        value = "" if answers[code] is None else str(answers[code])
        question = questions.get(code)
        if question is None:
            pairs.append((_humanized(code), value))
            continue
        if question.get("datatype") in ("singlevaluelist", "multivaluelist"):
            names = {
                str(v.get("key")): str(v.get("name") or v.get("key"))
                for v in question.get("values") or []
                if isinstance(v, dict)
            }
            value = ", ".join(names.get(key.strip(), key.strip()) for key in value.split(","))
        pairs.append((str(question.get("description") or _humanized(code)), value))
    return pairs
