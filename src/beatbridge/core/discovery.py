"""Find the optional submodules apps provide by convention (``<app>.admin``, ``<app>.demo``)."""

from __future__ import annotations

import importlib
from types import ModuleType

from django.apps import apps


def app_modules(submodule: str, prefixes: tuple[str, ...] = ("beatbridge.",)) -> list[ModuleType]:
    """``<app>.<submodule>``, imported, for every installed app whose name starts with one of
    ``prefixes``, in app order; apps without one are skipped. An import error inside a
    submodule that does exist is raised, not hidden."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith(prefixes):
            continue
        name = f"{config.name}.{submodule}"
        try:
            found.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found
