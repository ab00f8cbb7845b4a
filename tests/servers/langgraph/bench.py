"""The benchmark graph served by `langgraph dev --config bench.json` for `scripts/bench.sh`.

Deterministic, no LLM, no network, no pause between tokens: the server streams as fast as it can.
The last human message says what to do:

- `tokens N`: an AI reply of N tokens `w0 w1 …`, a paragraph break after every 40th (as prose is);
- `tokens N flat`: the same N tokens as one paragraph (the worst case for a markdown view);
- anything else: a one-line reply.

A thread of N messages is made by the benchmark itself (`POST /threads/{id}/state`, as node `reply`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Iterator, Optional, TypedDict

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models.chat_models import BaseChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult
from langgraph.graph import END, START, StateGraph
from langgraph.graph.message import add_messages

PARAGRAPH = 40


def pieces(n: int, flat: bool) -> list[str]:
    """The reply's tokens as streamed: each with the space or paragraph break after it."""
    out = []
    for i in range(n):
        if i == n - 1:
            out.append(f"w{i}")
        elif not flat and (i + 1) % PARAGRAPH == 0:
            out.append(f"w{i}\n\n")
        else:
            out.append(f"w{i} ")
    return out


def plan(messages: list[BaseMessage]) -> list[str]:
    last = messages[-1].content if messages else ""
    text = last if isinstance(last, str) else "".join(p.get("text", "") for p in last if isinstance(p, dict))
    m = re.match(r"\s*tokens (\d+)( flat)?", text)
    if m:
        return pieces(int(m.group(1)), bool(m.group(2)))
    return ["Benchmark ", "graph: ", "say ", "'tokens 2000'."]


class FastModel(BaseChatModel):
    @property
    def _llm_type(self) -> str:
        return "bench"

    def _generate(self, messages, stop=None, run_manager=None, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=AIMessage(content="".join(plan(messages))))])

    def _stream(
        self,
        messages: list[BaseMessage],
        stop: Optional[list[str]] = None,
        run_manager: Optional[CallbackManagerForLLMRun] = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        for piece in plan(messages):
            chunk = ChatGenerationChunk(message=AIMessageChunk(content=piece))
            if run_manager:
                run_manager.on_llm_new_token(piece, chunk=chunk)
            yield chunk


class State(TypedDict):
    messages: Annotated[list[BaseMessage], add_messages]


model = FastModel()


def reply(state: State) -> dict:
    return {"messages": [model.invoke(state["messages"])]}


builder = StateGraph(State)
builder.add_node("reply", reply)
builder.add_edge(START, "reply")
builder.add_edge("reply", END)
graph = builder.compile()
