"""The demo agent served by `langgraph dev` for agent-console's demo and tests.

Deterministic: a scripted chat model (no LLM, no network) streams its reply word by word, so clients see
real token streaming. What the reply is depends on the last human message:

- contains "weather": a tool call `forecast(city=...)`, the tool's result, then a streamed summary;
- contains "approve": a streamed echo, then `interrupt(...)` asking to publish; the answer resumes it;
- contains "long story": 120 numbered words, slowly (for rejoin tests);
- contains "markdown": a reply with a heading, a list, code, a table, math (`$…$`, `$$…$$`) and links
  (one of them unsafe);
- contains "review": `interrupt(...)` whose value carries a JSON Schema `response_schema` (a form);
- contains "think": a reasoning text streamed first (`additional_kwargs.reasoning_content`, its token count
  in `usage_metadata.output_token_details.reasoning`), then the echo;
- contains "research": the echo, then the `research` node — a subgraph of two nodes, `gather` then
  `summarize`, each writing a message (its events are namespaced `research:<task id>` when the run
  asks for `stream_subgraphs`);
- contains "progress": the echo, then the `progress` node shows components (generative UI, under the
  echo): a "progress" bar pushed at step 0 of 3 and merged step by step (`merge=True`, only `step`
  sent each time, 0.5 s apart) and a "note" that is removed at the end (`delete_ui_message`); the weather
  path's `tools` node pushes a "weather" card (city, sky, degrees) under the tool call;
- contains "location": the echo, then the `locate` node asks the client to run a frontend tool:
  `interrupt({"type": "tool", "tool_call": {"id", "name": "get_location", "args": {"accuracy": "city"}}})`;
  resumed with the tool's answer it adds the tool call, its result and "You are in <city>." (or, resumed
  with `{"error": …}`, "The page could not tell where you are: …");
- contains "subagent": the echo, then the `consult` node runs the `scout` subgraph on a state of its own
  (`notes`, not the thread's `messages`); the scout's model streams "Scout notes: …" inside the
  subgraph (namespace `consult:<task id>` with `stream_subgraphs`), and `consult` adds one message to
  the thread, "The scout reports: …";
- starts with "hostile interrupt:": a short reply, then `interrupt(...)` whose question and first
  option are the rest of the text, as sent (the XSS corpus puts its payloads there);
- contains "inbox review": `interrupt([HumanInterrupt])` in agent-inbox's shape (action `send_email`, args
  `{to, subject}`, accept / edit / respond allowed, ignore too), then says what came back:
  "Inbox answer: <type> <args as JSON>";
- contains "hitl": a human-in-the-loop middleware batch of two actions (`book_flight` approve / edit /
  reject, `pay` approve / reject), then says the decisions: "Decisions: approve, reject (too dear)";
- contains "fan out": two nodes in one step (`ask_north`, `ask_south`) each `interrupt(...)` with a
  question of its own (two pending interrupts, one thread); each answer becomes a message
  "North: <answer>" / "South: <answer>";
- starts with "crash on purpose": the agent node raises `RuntimeError("The graph crashed on purpose.")`
  (a run that errors: its words reach the client);
- carries images or files (content blocks): "I received a PNG image of 3×2 pixels (69 bytes) and the
  file notes.txt (text/plain, 12 bytes)." — each image by the size in its header, each file by its bytes;
- anything else: "Quartz echo: <text> — seven amber herons crossed the fjord at dawn."; the agent asked
  again for the same state (a reply regenerated, a run again from a checkpoint) says which take it
  is: "Quartz echo: <text> (take 2) — …".

Each reply reports its token usage (`usage_metadata`): the conversation's words in, the streamed pieces out.

DEMO_TOKEN_DELAY_MS (default 40) sets the pause between streamed words.
"""

from __future__ import annotations

import base64
import contextvars
import os
import re
import time
import uuid
from typing import Annotated, Any, Iterator, Literal, Optional, TypedDict

from typing_extensions import TypedDict as SchemaDict

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, HumanMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langgraph.graph import END, START, StateGraph
from langgraph.runtime import get_runtime
from pydantic import Field
from langgraph.graph.message import add_messages
from langgraph.graph.ui import AnyUIMessage, delete_ui_message, push_ui_message, ui_message_reducer
from langgraph.types import interrupt

# How often the agent answered each (last human message's id and text, message count): a regenerated
# reply is take 2; a forked state whose message text changed is a first take again.
_TAKES: dict[tuple[str, str, int], int] = {}
_TAKE: contextvars.ContextVar[int] = contextvars.ContextVar("take", default=1)
# The signature of the assistant the run is for (its context's `signature`), or none.
_SIGN: contextvars.ContextVar[str] = contextvars.ContextVar("sign", default="")
TOKEN_DELAY = float(os.environ.get("DEMO_TOKEN_DELAY_MS", "40")) / 1000.0
TAIL = "— seven amber herons crossed the fjord at dawn."
MARKDOWN_REPLY = (
    "## Tide table\n\n"
    "- **High** water at *noon*\n"
    "- Low water at `18:05`\n\n"
    "```python\nprint('beacon')\n```\n\n"
    "| Port | Depth |\n|:--|--:|\n| Bodo | 12 |\n\n"
    "Height $h_t = A \\sin(\\omega t) + h_0$ over $$\\frac{1}{n}\\sum_{i=1}^{n} x_i^2$$\n\n"
    "See [the chart](https://example.com/chart) or [this](javascript:alert(1)) <b>raw</b>."
)
REVIEW_SCHEMA = {
    "type": "object",
    "properties": {
        "reviewer": {"type": "string", "title": "Reviewer"},
        "approved": {"type": "boolean", "title": "Approved"},
        "score": {"type": "integer", "title": "Score", "minimum": 1, "maximum": 5},
        "channel": {"type": "string", "title": "Channel", "enum": ["email", "chat"]},
    },
    "required": ["reviewer", "score"],
}


def _text(message: BaseMessage) -> str:
    content = message.content
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


REASONING = "Weighing the tide tables against the wind before answering."


def reasoning_for(messages: list[BaseMessage]) -> str:
    """What the model "thinks" before a reply to a message containing "think" (else nothing)."""
    last = messages[-1]
    return REASONING if not isinstance(last, ToolMessage) and "think" in _text(last).lower() else ""


def _image_size(data: bytes) -> str:
    """A PNG's or GIF's size from its header ("3×2 pixels"), else its kind alone."""
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return f"a PNG image of {int.from_bytes(data[16:20], 'big')}×{int.from_bytes(data[20:24], 'big')} pixels"
    if data[:4] == b"GIF8" and len(data) >= 10:
        return f"a GIF image of {int.from_bytes(data[6:8], 'little')}×{int.from_bytes(data[8:10], 'little')} pixels"
    return "an image"


def describe_attachments(message: BaseMessage) -> str:
    """What a human message carries besides text: each image by its size, each file by name and bytes."""
    if not isinstance(message.content, list):
        return ""
    said = []
    for part in message.content:
        if not isinstance(part, dict):
            continue
        kind = part.get("type")
        if kind == "image_url":
            url = part.get("image_url", {}).get("url", "") if isinstance(part.get("image_url"), dict) else str(part.get("image_url", ""))
            data = base64.b64decode(url.split(",", 1)[1]) if url.startswith("data:") and "," in url else b""
            said.append(f"{_image_size(data)} ({len(data)} bytes)")
        elif kind == "file":
            data = base64.b64decode(part.get("data") or part.get("base64") or "")
            # langchain-core moves a v0 block's filename into `extras` (v1 content) on the way in.
            name = part.get("filename") or (part.get("extras") or {}).get("filename") or (part.get("metadata") or {}).get("filename")
            said.append(f"the file {name or 'unnamed'} ({part.get('mime_type', '?')}, {len(data)} bytes)")
    return " and ".join(said)


def reply_for(messages: list[BaseMessage]) -> tuple[str, Optional[dict]]:
    """The scripted reply: (text, tool_call or None)."""
    last = messages[-1]
    if isinstance(last, ToolMessage):
        return f"The lighthouse keeper reports: {_text(last)} Over and out.", None
    human = _text(last)
    lowered = human.lower()
    seen = describe_attachments(last)
    if seen:
        return f"I received {seen}.", None
    if human.startswith(HOSTILE):
        return "Hostile input received.", None
    if "weather" in lowered:
        match = re.search(r"\bin ([A-Z][\w-]+)", human)
        city = match.group(1) if match else "Reykjavik"
        return "", {"name": "forecast", "args": {"city": city}, "id": f"call_forecast_{len(messages)}"}
    if human.startswith(SCOUT_TASK):
        return SCOUT_NOTES, None
    if "markdown" in lowered:
        return MARKDOWN_REPLY, None
    if "long story" in lowered:
        return "Long answer: " + " ".join(f"w{i}" for i in range(120)) + " end.", None
    take = _TAKE.get()
    again = f" (take {take})" if take > 1 else ""
    sign = f" Signed, {_SIGN.get()}." if _SIGN.get() else ""
    return f"Quartz echo: {human}{again} {TAIL}{sign}", None


class ScriptedChatModel(BaseChatModel):
    """A chat model that streams a scripted reply word by word."""

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs: Any) -> ChatResult:
        text, call = reply_for(messages)
        thought = reasoning_for(messages)
        message = AIMessage(
            content=text,
            tool_calls=[call] if call else [],
            additional_kwargs={"reasoning_content": thought} if thought else {},
            usage_metadata=_usage(messages, 1 if call else len(text.split(" ")), len(thought.split()) if thought else 0),
        )
        return ChatResult(generations=[ChatGeneration(message=message)])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: Optional[list[str]] = None,
        run_manager: Optional[CallbackManagerForLLMRun] = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        text, call = reply_for(messages)
        if call:
            chunk = AIMessageChunk(
                content="",
                tool_call_chunks=[
                    {"name": call["name"], "args": _json(call["args"]), "id": call["id"], "index": 0, "type": "tool_call_chunk"}
                ],
                usage_metadata=_usage(messages, 1),
            )
            if run_manager:
                run_manager.on_llm_new_token("", chunk=ChatGenerationChunk(message=chunk))
            yield ChatGenerationChunk(message=chunk)
            return
        # Reasoning first, beside the content (`additional_kwargs.reasoning_content`), as some providers send it.
        thought = reasoning_for(messages).split(" ") if reasoning_for(messages) else []
        for i, word in enumerate(thought):
            piece = word if i == len(thought) - 1 else word + " "
            chunk = ChatGenerationChunk(message=AIMessageChunk(content="", additional_kwargs={"reasoning_content": piece}))
            if run_manager:
                run_manager.on_llm_new_token("", chunk=chunk)
            yield chunk
            time.sleep(TOKEN_DELAY)
        words = text.split(" ")
        for i, word in enumerate(words):
            last = i == len(words) - 1
            piece = word if last else word + " "
            # The usage comes with the last piece, as providers send it.
            usage = _usage(messages, len(words), len(thought)) if last else None
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=piece, usage_metadata=usage))
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=chunk)
            yield chunk
            time.sleep(TOKEN_DELAY)


def _usage(messages: list[BaseMessage], answer_tokens: int, reasoning_tokens: int = 0) -> dict:
    """Token usage as a provider reports it: a word of the conversation is a token, a streamed piece is one
    (reasoning pieces count as output, and are also given apart)."""
    input_tokens = sum(len(_text(m).split()) for m in messages)
    output_tokens = answer_tokens + reasoning_tokens
    usage = {"input_tokens": input_tokens, "output_tokens": output_tokens, "total_tokens": input_tokens + output_tokens}
    if reasoning_tokens:
        usage["output_token_details"] = {"reasoning": reasoning_tokens}
    return usage


def _json(value: Any) -> str:
    import json

    return json.dumps(value)


class Context(SchemaDict, total=False):
    """What an assistant of the demo graph is set up with (its context; the Assistants page's form)."""

    signature: Annotated[str, Field(title="Signature", description="A name the agent signs its echoes with.")]
    tone: Annotated[Literal["plain", "dry", "wet"], Field(title="Tone")]
    max_words: Annotated[int, Field(title="Max words", ge=1, le=500)]
    formal: Annotated[bool, Field(title="Formal")]


def _signature() -> str:
    """The run's context's `signature` (an assistant's context, or the run's own)."""
    try:
        ctx = get_runtime().context
    except Exception:  # noqa: BLE001 - outside a run: no context
        return ""
    value = ctx.get("signature") if isinstance(ctx, dict) else getattr(ctx, "signature", None)
    return value if isinstance(value, str) else ""


class State(TypedDict):
    messages: Annotated[list[BaseMessage], add_messages]
    # The components the agent shows (generative UI), reduced by id.
    ui: Annotated[list[AnyUIMessage], ui_message_reducer]


model = ScriptedChatModel()


def agent(state: State) -> dict:
    humans = [m for m in state["messages"] if isinstance(m, HumanMessage)]
    if humans and _text(humans[-1]).startswith("crash on purpose"):
        raise RuntimeError("The graph crashed on purpose.")
    key = (humans[-1].id or "", _text(humans[-1]), len(state["messages"])) if humans else ("", "", 0)
    _TAKES[key] = _TAKES.get(key, 0) + 1
    _TAKE.set(_TAKES[key])
    _SIGN.set(_signature())
    return {"messages": [model.invoke(state["messages"])]}


def tools(state: State) -> dict:
    last = state["messages"][-1]
    results = []
    for call in getattr(last, "tool_calls", []) or []:
        city = call["args"].get("city", "Reykjavik")
        results.append(ToolMessage(content=f"Fog over {city}, 4 degrees.", tool_call_id=call["id"], name=call["name"]))
        push_ui_message("weather", {"city": city, "sky": "Fog", "degrees": 4}, message=last)
    return {"messages": results}


PROGRESS_STEPS = 3
PROGRESS_PAUSE = 0.5


def progress(state: State) -> dict:
    """Shows a progress bar under the last reply, advanced by merges, and a note removed at the end."""
    last = state["messages"][-1]
    bar = push_ui_message("progress", {"label": "Charting the tides", "step": 0, "of": PROGRESS_STEPS}, message=last)
    note = push_ui_message("note", {"text": "Reading the tide gauges…"}, message=last)
    for step in range(1, PROGRESS_STEPS + 1):
        time.sleep(PROGRESS_PAUSE)
        push_ui_message("progress", {"step": step}, id=bar["id"], message=last, merge=True)
    delete_ui_message(note["id"])
    return {}


def approval(state: State) -> dict:
    answer = interrupt({"question": "Publish the echo?", "options": ["yes", "no"]})
    verdict = "Archived." if str(answer).lower() == "yes" else "Discarded."
    return {"messages": [AIMessage(content=f"Reviewer said {answer}. {verdict}", id=str(uuid.uuid4()))]}


HOSTILE = "hostile interrupt:"


def hostile(state: State) -> dict:
    humans = [m for m in state["messages"] if isinstance(m, HumanMessage)]
    payload = _text(humans[-1])[len(HOSTILE):].strip()
    answer = interrupt({"question": payload, "options": [payload, "no"], "detail": {"payload": payload}})
    return {"messages": [AIMessage(content=f"Answered: {answer}", id=str(uuid.uuid4()))]}


def review(state: State) -> dict:
    answer = interrupt({"question": "Review the release notes", "response_schema": REVIEW_SCHEMA})
    if not isinstance(answer, dict):
        answer = {}
    text = (
        f"Review by {answer.get('reviewer')}: approved={answer.get('approved')}, "
        f"score={answer.get('score')}, channel={answer.get('channel')}."
    )
    return {"messages": [AIMessage(content=text, id=str(uuid.uuid4()))]}


def inbox_review(state: State) -> dict:
    request = {
        "action_request": {"action": "send_email", "args": {"to": "ada@example.org", "subject": "Tide table"}},
        "config": {"allow_accept": True, "allow_edit": True, "allow_respond": True, "allow_ignore": True},
        "description": "Send the tide table to Ada?",
    }
    answer = interrupt([request])
    response = answer[0] if isinstance(answer, list) and answer else answer
    kind = response.get("type") if isinstance(response, dict) else None
    args = response.get("args") if isinstance(response, dict) else response
    return {"messages": [AIMessage(content=f"Inbox answer: {kind} {_json(args)}", id=str(uuid.uuid4()))]}


def hitl(state: State) -> dict:
    answer = interrupt({
        "action_requests": [
            {"name": "book_flight", "args": {"to": "Oslo"}, "description": "Book the 9:40 to Oslo"},
            {"name": "pay", "args": {"amount": 40}, "description": "Pay 40 EUR"},
        ],
        "review_configs": [
            {"action_name": "book_flight", "allowed_decisions": ["approve", "edit", "reject"]},
            {"action_name": "pay", "allowed_decisions": ["approve", "reject"]},
        ],
    })
    decisions = answer.get("decisions", []) if isinstance(answer, dict) else []
    words = [
        d.get("type", "?") + (f" ({d['message']})" if d.get("message") else "")
        for d in decisions if isinstance(d, dict)
    ]
    return {"messages": [AIMessage(content="Decisions: " + ", ".join(words), id=str(uuid.uuid4()))]}


def ask_north(state: State) -> dict:
    answer = interrupt({"question": "North gate: open it?", "options": ["open", "keep shut"]})
    return {"messages": [AIMessage(content=f"North: {answer}", id=str(uuid.uuid4()))]}


def ask_south(state: State) -> dict:
    answer = interrupt({"question": "South gate: open it?", "options": ["open", "keep shut"]})
    return {"messages": [AIMessage(content=f"South: {answer}", id=str(uuid.uuid4()))]}


def gather(state: State) -> dict:
    time.sleep(0.15)
    return {"messages": [AIMessage(content="Research notes: three tide tables gathered.", id=str(uuid.uuid4()))]}


def summarize(state: State) -> dict:
    time.sleep(0.1)
    return {"messages": [AIMessage(content="Research summary: the tide turns at noon.", id=str(uuid.uuid4()))]}


_research = StateGraph(State)
_research.add_node("gather", gather)
_research.add_node("summarize", summarize)
_research.add_edge(START, "gather")
_research.add_edge("gather", "summarize")
_research.add_edge("summarize", END)
research = _research.compile()


SCOUT_TASK = "scout: survey the harbor"
SCOUT_NOTES = "Scout notes: the harbor is calm, two ferries are docked and the tide is rising."


class ScoutState(TypedDict):
    """The subagent's own state: its messages are not the thread's."""

    notes: Annotated[list[BaseMessage], add_messages]


def scout_look(state: ScoutState) -> dict:
    # The model streams its tokens inside the subgraph (`messages|consult:<task>` with stream_subgraphs).
    return {"notes": [model.invoke([HumanMessage(content=SCOUT_TASK)])]}


_scout = StateGraph(ScoutState)
_scout.add_node("scout_look", scout_look)
_scout.add_edge(START, "scout_look")
_scout.add_edge("scout_look", END)
scout = _scout.compile()


def consult(state: State) -> dict:
    """Runs the scout subagent on its own state and reports one line of what it found."""
    found = scout.invoke({"notes": []})
    notes = _text(found["notes"][-1])
    return {"messages": [AIMessage(content=f"The scout reports: {notes.removeprefix('Scout notes: ')}", id=str(uuid.uuid4()))]}


def locate(state: State) -> dict:
    """Asks the client's page for its location (a frontend tool), then says what it answered."""
    call = {"name": "get_location", "args": {"accuracy": "city"}, "id": f"call_get_location_{len(state['messages'])}"}
    answer = interrupt({"type": "tool", "tool_call": call})
    if isinstance(answer, dict) and "error" in answer:
        said = f"The page could not tell where you are: {answer['error']}"
    else:
        city = answer.get("city") if isinstance(answer, dict) else answer
        said = f"You are in {city}."
    return {"messages": [
        AIMessage(content="", tool_calls=[call], id=str(uuid.uuid4())),
        ToolMessage(content=_json(answer), tool_call_id=call["id"], name="get_location", id=str(uuid.uuid4())),
        AIMessage(content=said, id=str(uuid.uuid4())),
    ]}


def route(state: State) -> Any:
    last = state["messages"][-1]
    if getattr(last, "tool_calls", None):
        return "tools"
    humans = [m for m in state["messages"] if isinstance(m, HumanMessage)]
    if humans and _text(humans[-1]).startswith(HOSTILE):
        return "hostile"
    if humans and "inbox review" in _text(humans[-1]).lower():
        return "inbox_review"
    if humans and "hitl" in _text(humans[-1]).lower():
        return "hitl"
    if humans and "fan out" in _text(humans[-1]).lower():
        return ["ask_north", "ask_south"]
    if humans and "approve" in _text(humans[-1]).lower() and not isinstance(state["messages"][-2], ToolMessage):
        return "approval"
    if humans and "review" in _text(humans[-1]).lower():
        return "review"
    if humans and "research" in _text(humans[-1]).lower():
        return "research"
    if humans and "subagent" in _text(humans[-1]).lower():
        return "consult"
    if humans and "progress" in _text(humans[-1]).lower():
        return "progress"
    if humans and "location" in _text(humans[-1]).lower():
        return "locate"
    return END


builder = StateGraph(State, context_schema=Context)
builder.add_node("agent", agent)
builder.add_node("tools", tools)
builder.add_node("approval", approval)
builder.add_node("review", review)
builder.add_node("hostile", hostile)
builder.add_node("research", research)
builder.add_node("consult", consult)
builder.add_node("progress", progress)
builder.add_node("locate", locate)
builder.add_node("inbox_review", inbox_review)
builder.add_node("hitl", hitl)
builder.add_node("ask_north", ask_north)
builder.add_node("ask_south", ask_south)
builder.add_edge(START, "agent")
builder.add_conditional_edges("agent", route, ["tools", "approval", "review", "hostile", "research", "consult", "progress", "locate", "inbox_review", "hitl", "ask_north", "ask_south", END])
builder.add_edge("tools", "agent")
builder.add_edge("approval", END)
builder.add_edge("review", END)
builder.add_edge("hostile", END)
builder.add_edge("research", END)
builder.add_edge("consult", END)
builder.add_edge("progress", END)
builder.add_edge("locate", END)
for _node in ("inbox_review", "hitl", "ask_north", "ask_south"):
    builder.add_edge(_node, END)
graph = builder.compile()
