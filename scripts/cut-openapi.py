#!/usr/bin/env python3
"""Cuts OpenAI's OpenAPI description (github.com/openai/openai-openapi, openapi.json) down to what the
Responses API stand-in follows: the Responses, Conversations and Models paths, and every schema they
reach through $ref. Writes crates/devserver/tests/openai-responses-openapi.json.

usage: scripts/cut-openapi.py <openapi.json> <commit>
"""
import json
import sys

src, commit = sys.argv[1], sys.argv[2]
spec = json.load(open(src))
schemas = spec["components"]["schemas"]
PATHS = [
    "/responses", "/responses/{response_id}", "/responses/{response_id}/cancel",
    "/responses/{response_id}/input_items", "/conversations", "/conversations/{conversation_id}",
    "/conversations/{conversation_id}/items", "/conversations/{conversation_id}/items/{item_id}",
    "/models", "/models/{model}",
]
ROOTS = ["ErrorResponse", "ResponseStreamEvent"]
need = set()


def walk(v):
    if isinstance(v, dict):
        for k, x in v.items():
            if k == "$ref" and isinstance(x, str) and x.startswith("#/components/schemas/"):
                name = x.rsplit("/", 1)[-1]
                if name not in need:
                    need.add(name)
                    walk(schemas[name])
            else:
                walk(x)
    elif isinstance(v, list):
        for x in v:
            walk(x)


paths = {p: spec["paths"][p] for p in PATHS}
walk(paths)
for r in ROOTS:
    need.add(r)
    walk(schemas[r])
out = {
    "openapi": spec["openapi"],
    "info": {
        "title": spec["info"]["title"] + " (the Responses, Conversations and Models paths and the schemas they use)",
        "version": spec["info"]["version"],
        "x-source": f"github.com/openai/openai-openapi openapi.json at {commit} (MIT), cut by scripts/cut-openapi.py",
    },
    "paths": paths,
    "components": {"schemas": {n: schemas[n] for n in sorted(need)}},
}
json.dump(out, open("crates/devserver/tests/openai-responses-openapi.json", "w"), separators=(",", ":"))
print(f"{len(paths)} paths, {len(need)} schemas")
