"""The deterministic A2A test agent for agent-console, built on the real `a2a-sdk` (1.3.0).

No LLM, no network: what the agent does depends on the user's text (case-insensitive prefix):

- anything else: working, then an artifact "answer" streamed in 3 chunks (append false, then true,
  lastChunk on the last) whose joined text is "Echo: <text>", then completed;
- "ask…": working, then input-required with the agent message "Which city?"; the user's answer in the
  same task (same taskId + contextId) gives an artifact "weather" "Sunny in <answer>", then completed;
- "fail…": working, then failed with the agent message "The agent failed on purpose: <text>";
- "slow…": working, then an artifact "ticks" chunk "tick N " every 0.5 s for 60 s (append) — to be
  cancelled; cancel ends the task as canceled;
- "data…": working, an artifact "data" with a data part {"city":"Paris","temps":[1,2,3]} and a text
  part, then completed;
- "story…": working, then an artifact "story": the user's words and a fixed story, one word a chunk
  every 40 ms (append), then completed;
- "file…": working, an artifact "file" with a file part (the bytes of "hello file", hello.txt,
  text/plain), then completed.

One JSON-RPC endpoint at "/" speaks both protocol versions: A2A 1.0 (PascalCase methods, header
`A2A-Version: 1.0`) and 0.3 (slash methods, no version header) through the SDK's v0.3 compat adapter.
The agent card is at /.well-known/agent-card.json. Tasks are kept in memory, so ListTasks (1.0 only)
lists them, filtered by contextId. CORS is open to any origin (the browser client sends
`Content-Type: application/json` and `A2A-Version`, both of which need a preflight).

Usage: python tests/servers/a2a/agent.py [--port 2180] [--host 127.0.0.1]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import logging
import os

# The SDK traces through OpenTelemetry whenever it is installed (langgraph-api, in the same venv, brings
# it); its spans log "Failed to detach context" tracebacks when a stream ends. Off before a2a is imported.
os.environ.setdefault("OTEL_INSTRUMENTATION_A2A_SDK_ENABLED", "false")

import uvicorn  # noqa: E402
from starlette.applications import Starlette  # noqa: E402
from starlette.middleware import Middleware  # noqa: E402
from starlette.middleware.cors import CORSMiddleware  # noqa: E402

from a2a.helpers import new_data_part, new_raw_part, new_task_from_user_message, new_text_part  # noqa: E402
from a2a.server.agent_execution import AgentExecutor, RequestContext  # noqa: E402
from a2a.server.events import EventQueue  # noqa: E402
from a2a.server.request_handlers import DefaultRequestHandler  # noqa: E402
from a2a.server.routes import create_agent_card_routes, create_jsonrpc_routes  # noqa: E402
from a2a.server.tasks import InMemoryTaskStore, TaskUpdater  # noqa: E402
from a2a.types import AgentCapabilities, AgentCard, AgentInterface, AgentSkill, TaskState  # noqa: E402

CHUNK_DELAY = 0.15
TICK_DELAY = 0.5
TICKS = 120  # 60 s of ticks
STORY = "once upon a time seven amber herons crossed the fjord at dawn and the lighthouse keeper counted them twice — ünïcødé ✓ then wrote it down"
STORY_DELAY = 0.04


def _thirds(text: str) -> list[str]:
    """The text cut into 3 non-empty pieces (the text is at least "Echo: ", 6 characters)."""
    n = len(text)
    a, b = n // 3, 2 * n // 3
    return [text[:a], text[a:b], text[b:]]


class DemoExecutor(AgentExecutor):
    """Picks a scripted behaviour from the user's text; see the module docstring."""

    async def execute(self, context: RequestContext, event_queue: EventQueue) -> None:
        text = context.get_user_input().strip()
        task = context.current_task
        if task is None:
            # A new task: the Task must be the first event.
            task = new_task_from_user_message(context.message)
            await event_queue.enqueue_event(task)
        up = TaskUpdater(event_queue, task.id, task.context_id)
        await up.start_work()

        if context.current_task is not None and context.current_task.status.state == TaskState.TASK_STATE_INPUT_REQUIRED:
            # The answer to "Which city?".
            await asyncio.sleep(CHUNK_DELAY)
            await up.add_artifact([new_text_part(f"Sunny in {text}")], name="weather", last_chunk=True)
            await up.complete()
            return

        word = text.lower()
        if word.startswith("ask"):
            await asyncio.sleep(CHUNK_DELAY)
            await up.requires_input(up.new_agent_message([new_text_part("Which city?")]))
        elif word.startswith("fail"):
            await asyncio.sleep(CHUNK_DELAY)
            await up.failed(up.new_agent_message([new_text_part(f"The agent failed on purpose: {text}")]))
        elif word.startswith("slow"):
            artifact_id = f"ticks-{task.id}"
            for i in range(1, TICKS + 1):
                await asyncio.sleep(TICK_DELAY)
                await up.add_artifact(
                    [new_text_part(f"tick {i} ")],
                    artifact_id=artifact_id,
                    name="ticks",
                    append=i > 1,
                    last_chunk=i == TICKS,
                )
            await up.complete()
        elif word.startswith("story"):
            # A long reply in many chunks (the lossless suite cuts its stream at random).
            artifact_id = f"story-{task.id}"
            words = (text + " " + STORY).split()
            for i, w in enumerate(words):
                await asyncio.sleep(STORY_DELAY)
                await up.add_artifact(
                    [new_text_part(w if i == 0 else " " + w)],
                    artifact_id=artifact_id,
                    name="story",
                    append=i > 0,
                    last_chunk=i == len(words) - 1,
                )
            await up.complete()
        elif word.startswith("data"):
            await asyncio.sleep(CHUNK_DELAY)
            await up.add_artifact(
                [new_data_part({"city": "Paris", "temps": [1, 2, 3]}), new_text_part("Temperatures for Paris.")],
                name="data",
                last_chunk=True,
            )
            await up.complete()
        elif word.startswith("file"):
            await asyncio.sleep(CHUNK_DELAY)
            await up.add_artifact(
                [new_raw_part(b"hello file", media_type="text/plain", filename="hello.txt")],
                name="file",
                last_chunk=True,
            )
            await up.complete()
        else:
            artifact_id = f"answer-{task.id}"
            pieces = _thirds(f"Echo: {text}")
            for i, piece in enumerate(pieces):
                await asyncio.sleep(CHUNK_DELAY)
                await up.add_artifact(
                    [new_text_part(piece)],
                    artifact_id=artifact_id,
                    name="answer",
                    append=i > 0,
                    last_chunk=i == len(pieces) - 1,
                )
            await up.complete()

    async def cancel(self, context: RequestContext, event_queue: EventQueue) -> None:
        up = TaskUpdater(event_queue, context.task_id, context.context_id)
        await up.cancel(up.new_agent_message([new_text_part("Cancelled.")]))


def build_card(url: str) -> AgentCard:
    return AgentCard(
        name="A2A demo agent",
        description="Deterministic A2A test agent for agent-console (no LLM): echo, ask, fail, slow, data, file.",
        version="1.0.0",
        capabilities=AgentCapabilities(streaming=True, push_notifications=False),
        default_input_modes=["text/plain"],
        default_output_modes=["text/plain", "application/json"],
        skills=[
            AgentSkill(
                id="echo",
                name="Echo",
                description="Streams 'Echo: <your text>' back as an artifact in three chunks.",
                tags=["test", "streaming"],
                examples=["hello there"],
            ),
            AgentSkill(
                id="weather",
                name="Weather",
                description="'ask' makes the agent ask for a city (input-required), then report its weather.",
                tags=["test", "input-required"],
                examples=["ask me about the weather"],
            ),
        ],
        # In preference order: 1.0 first; the 0.3 interface makes the SDK add the 0.3 card fields
        # (url, preferredTransport, protocolVersion, additionalInterfaces).
        supported_interfaces=[
            AgentInterface(protocol_binding="JSONRPC", protocol_version=v, url=url) for v in ("1.0", "0.3")
        ],
    )


def build_app(host: str, port: int) -> Starlette:
    card = build_card(f"http://{host}:{port}/")
    handler = DefaultRequestHandler(agent_executor=DemoExecutor(), task_store=InMemoryTaskStore(), agent_card=card)

    @contextlib.asynccontextmanager
    async def lifespan(_app):
        yield
        await handler.aclose()

    return Starlette(
        routes=[
            *create_agent_card_routes(card),
            *create_jsonrpc_routes(handler, rpc_url="/", enable_v0_3_compat=True),
        ],
        middleware=[
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["*"],
                allow_headers=["*"],
                expose_headers=["*"],
            )
        ],
        lifespan=lifespan,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=2180)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    uvicorn.run(build_app(args.host, args.port), host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
