"""Gives the demo's assistant its example prompts (metadata `example_prompts`), which agent-console
offers on an empty thread. langgraph-api creates a graph's assistant itself (metadata
`created_by: system` only), so they are added once it runs; a second start changes nothing.

Usage: python3 examples.py http://127.0.0.1:2150
"""

import json
import sys
import urllib.request

PROMPTS = [
    "What is the weather in Tromso?",
    "Show me markdown, with math",
    "Please approve the notice",
    "Think before you answer: how high is the tide?",
]


def call(base: str, method: str, path: str, body: dict) -> object:
    req = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        method=method,
        headers={"content-type": "application/json"},
    )
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.load(resp)


def main(base: str) -> None:
    found = call(base, "POST", "/assistants/search", {"graph_id": "lighthouse", "metadata": {"created_by": "system"}})
    for assistant in found:
        if assistant.get("metadata", {}).get("example_prompts") != PROMPTS:
            call(base, "PATCH", f"/assistants/{assistant['assistant_id']}", {"metadata": {"example_prompts": PROMPTS}})


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"))
