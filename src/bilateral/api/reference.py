"""What ``/docs`` shows of each route's answer, read from the OpenAPI description: the fields of the
response (name, type, description) and an example built from the fields' examples.

The description is made once, when the page is first asked for, from ``app.openapi()``: the
routes declare their response models, so the page cannot drift from what the API answers.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

__all__ = ["Field", "Reference", "RouteReference", "example"]

MAX_DEPTH = 6  # nested records shown in an example; deeper ones are elided
_PLACEHOLDERS = {"string": "…", "integer": 1, "number": 1.5, "boolean": True, "null": None}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class RouteReference:
    """A route's 200 answer: its JSON fields and example, and the other media types it can send."""

    fields: tuple[Field, ...]
    example: str | None
    downloads: tuple[str, ...]


class Reference:
    """``reference(method, path)`` → the ``RouteReference`` of that route of ``app``."""

    def __init__(self, app: FastAPI):
        self._app = app
        self._routes: dict[tuple[str, str], RouteReference] | None = None

    def __call__(self, method: str, path: str) -> RouteReference:
        if self._routes is None:  # the description exists once every route is declared
            self._routes = _describe(self._app.openapi())
        return self._routes.get((method.lower(), path), RouteReference((), None, ()))


def _describe(spec: dict) -> dict[tuple[str, str], RouteReference]:
    components = spec.get("components", {}).get("schemas", {})
    found = {}
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            content = operation.get("responses", {}).get("200", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if schema:
                resolved = _resolve(schema, components)
                shown = json.dumps(example(schema, components), ensure_ascii=False, indent=2)
                fields = _fields(resolved, components)
            else:
                shown, fields = None, ()
            downloads = tuple(media for media in content if media != "application/json")
            found[(method, path)] = RouteReference(fields, shown, downloads)
    return found


def _resolve(schema: dict, components: dict) -> dict:
    while "$ref" in schema:
        schema = components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    return schema


def _fields(schema: dict, components: dict, prefix: str = "", depth: int = 0) -> tuple[Field, ...]:
    """The fields of an object, each followed by those of the record it holds (``items[].date``), one level down."""
    if schema.get("type") == "array":
        schema = _resolve(schema.get("items", {}), components)
    found: list[Field] = []
    for name, prop in schema.get("properties", {}).items():
        found.append(Field(prefix + name, _type_name(prop, components),
                           prop.get("description", "") or _resolve(prop, components).get("description", "")))
        inner = _record(prop, components)
        if inner is not None and depth < 1:
            many = prop.get("type") == "array"
            found.extend(_fields(inner, components, f"{prefix}{name}{'[]' if many else ''}.", depth + 1))
    return tuple(found)


def _record(schema: dict, components: dict) -> dict | None:
    """The object schema a property holds, directly or as the items of a list; None for plain values."""
    if schema.get("type") == "array":
        schema = schema.get("items", {})
    options = [s for s in schema.get("anyOf", [schema]) if s.get("type") != "null"]
    if len(options) == 1 and "$ref" in options[0]:
        resolved = _resolve(options[0], components)
        return resolved if resolved.get("properties") else None
    return None


def _type_name(schema: dict, components: dict) -> str:
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_type_name(s, components) for s in schema["anyOf"])
    kind = schema.get("type", "object")
    if kind == "array":
        if "prefixItems" in schema:
            return "[" + ", ".join(_type_name(s, components) for s in schema["prefixItems"]) + "]"
        return f"list[{_type_name(schema.get('items', {}), components)}]"
    if schema.get("format") == "date":
        return "date"
    if "enum" in schema:
        return " | ".join(json.dumps(v) for v in schema["enum"])
    return str(kind)


def example(schema: dict, components: dict, depth: int = 0) -> Any:
    """A value of ``schema``: the examples its fields give, placeholders where they give none."""
    if "$ref" in schema:
        return example(_resolve(schema, components), components, depth)
    if "examples" in schema:
        examples = schema["examples"]
        return examples[0] if isinstance(examples, list) and examples else examples
    if "example" in schema:
        return schema["example"]
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"] or schema["anyOf"]
        return example(options[0], components, depth)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if depth >= MAX_DEPTH:
        return "…"
    if kind == "object":
        return {name: example(prop, components, depth + 1) for name, prop in schema.get("properties", {}).items()}
    if kind == "array":
        if "prefixItems" in schema:
            return [example(s, components, depth + 1) for s in schema["prefixItems"]]
        return [example(schema.get("items", {}), components, depth + 1)]
    if schema.get("format") == "date":
        return "2025-10-15"
    return _PLACEHOLDERS.get(kind, "…")
