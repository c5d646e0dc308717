"""The typed payload shapes and the vocabularies agree with the shipped JSON Schema."""

from __future__ import annotations

from typing import Any, get_type_hints

import pytest

from peepshow_core.contract import shapes
from peepshow_core.contract.payload import json_schema
from peepshow_core.contract.vocab import Engine, Strategy

SCHEMA = json_schema()
DEFS = SCHEMA["$defs"]


def _object(node: dict[str, Any]) -> dict[str, Any]:
    """The object branch of a node (`oneOf: [null, {...}]`, a `$ref`, or the object itself)."""
    if "$ref" in node:
        return _object(DEFS[node["$ref"].rsplit("/", 1)[1]])
    for branch in node.get("oneOf", []):
        if branch.get("type") == "object" or "$ref" in branch:
            return _object(branch)
    return node


def _items(node: dict[str, Any]) -> dict[str, Any]:
    return _object(node["items"])


PROPS = SCHEMA["properties"]
CASES = {
    "PayloadShape": SCHEMA,
    "SourceShape": PROPS["source"],
    "VideoShape": _object(PROPS["video"]),
    "AudioShape": _object(PROPS["audio"]),
    "FrameShape": DEFS["frame"],
    "TranscriptShape": DEFS["transcript"],
    "SegmentShape": _items(DEFS["transcript"]["properties"]["segments"]),
    "WordShape": _items(
        _items(DEFS["transcript"]["properties"]["segments"])["properties"]["words"]
    ),
    "ContactSheetShape": _object(PROPS["contact_sheet"]),
    "DeliveryShape": _items(PROPS["deliveries"]),
    "VersionShape": PROPS["peepshow"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_shape_has_the_schema_fields_and_required_ones(name: str) -> None:
    shape = getattr(shapes, name)
    node = CASES[name]
    assert set(get_type_hints(shape)) == set(node["properties"]), name
    assert set(shape.__required_keys__) == set(node.get("required", [])), name


def test_schema_enums_are_the_vocabularies() -> None:
    assert PROPS["strategy"]["enum"] == [s.value for s in Strategy]
    assert DEFS["transcript"]["properties"]["engine"]["enum"] == [e.value for e in Engine]
