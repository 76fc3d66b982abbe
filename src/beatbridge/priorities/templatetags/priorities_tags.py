"""``{% priority_rule %}``: the one sentence saying which areas keep priority lists."""

from __future__ import annotations

from django import template

from ..queries import priority_rule as rule

register = template.Library()


@register.simple_tag
def priority_rule() -> str:
    return rule()
