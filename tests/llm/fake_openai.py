"""A real OpenAI-compatible Chat Completions server on 127.0.0.1, scripted per test.

The `openai` backend is tested over the wire: the official client opens real sockets to
this server, so timeouts, status codes, headers and JSON bodies behave as they do against
OpenAI, DeepSeek, Ollama or vLLM. Nothing here is specific to one test file; CLI tests
(`livegen script --backend openai`) can point `LIVEGEN_BASE_URL` at it too.

API
---
Start and stop::

    from tests.llm.fake_openai import FakeOpenAIServer, chat, chat_json, error, hang

    with FakeOpenAIServer() as server:      # or the `fake_openai` fixture (tests/llm/conftest.py)
        server.base_url                     # "http://127.0.0.1:PORT/v1" (ephemeral port)

Script the answers: each `POST /v1/chat/completions` takes the next reply from the queue;
when the queue is empty, `server.default` answers (by default a 500 saying nothing was
queued, so a test that makes more requests than it planned fails loudly)::

    server.queue(error(500, "overloaded"), chat_json({"title": "Hi"}))
    server.default = chat("always this")

Replies (all return a `Reply`):

- `chat(content, *, finish_reason="stop", model=None)`: a 200 `chat.completion`
  whose first choice's message has `content` (model defaults to the requested one).
- `chat_json(obj)`: `chat(json.dumps(obj))`.
- `error(status, message, *, type=None, code=None, headers=None)`: an OpenAI-style
  error body `{"error": {"message", "type", "code", "param"}}`; `headers` e.g.
  `{"Retry-After": "2"}`.
- `hang(seconds=30.0)`: read the request, then send nothing for `seconds` (or until the
  server stops) and close: a server that is past any sane client timeout.
- `raw(status, body, content_type="text/plain")`: any body, e.g. an HTML page.
- A callable `(RecordedRequest) -> Reply` may stand in for a reply (in the queue or as
  `default`) to decide per request, e.g. reject requests that carry `response_format`.

Inspect what arrived, in order (every path, not only chat completions)::

    server.requests                 # list[RecordedRequest]
    req.method, req.path, req.headers (lower-case keys), req.body (parsed JSON or None)
    req.messages, req.response_format, req.model, req.authorization, req.last_user_message
    server.chat_requests            # only the POSTs to /v1/chat/completions
    server.wait_for_chat_requests(n, timeout=5.0)   # after a client timeout: let the
                                    # server thread catch up before counting

`GET /v1/models` lists `server.models`; any other path gets an OpenAI-style 404.
Every response closes its connection, so stopping never waits on idle keep-alives.
`server.pending` counts queued replies not yet served.

The server listens on a real socket, so a `livegen` subprocess reaches it too (the
autouse `isolated_env` fixture clears LIVEGEN_* variables, so pass them explicitly)::

    def test_script_over_an_llm(cli):
        with FakeOpenAIServer() as server:
            server.default = chat_json({...})         # a valid answer for the stage
            res = cli("script", "samples/face-cream.zh.yaml", "--backend", "openai",
                      "--format", "json",
                      env={"LIVEGEN_BASE_URL": server.base_url, "LIVEGEN_MODEL": "m"})
        assert server.chat_requests[0].model == "m"

Import it as `tests.llm.fake_openai` with pytest run as `python -m pytest` from the
repository root (as `make test` does), which puts the root on `sys.path`.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

CHAT_PATH = "/v1/chat/completions"
MODELS_PATH = "/v1/models"


@dataclass(frozen=True)
class Reply:
    """One canned HTTP answer."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    hang_seconds: float = 0.0
    # The chat reply's content; the model field is filled from the request when None.
    chat_content: str | None = None
    finish_reason: str = "stop"
    model: str | None = None


@dataclass
class RecordedRequest:
    """A request as the server saw it."""

    method: str
    path: str
    headers: dict[str, str]
    raw: bytes
    received_at: float

    @property
    def body(self) -> Any:
        try:
            return json.loads(self.raw) if self.raw else None
        except ValueError:
            return None

    @property
    def messages(self) -> list[dict[str, Any]]:
        body = self.body
        return list(body.get("messages", [])) if isinstance(body, dict) else []

    @property
    def response_format(self) -> Any:
        body = self.body
        return body.get("response_format") if isinstance(body, dict) else None

    @property
    def model(self) -> str | None:
        body = self.body
        return body.get("model") if isinstance(body, dict) else None

    @property
    def authorization(self) -> str | None:
        return self.headers.get("authorization")

    @property
    def last_user_message(self) -> str:
        users = [m.get("content", "") for m in self.messages if m.get("role") == "user"]
        return users[-1] if users else ""


Responder = Reply | Callable[[RecordedRequest], Reply]


def chat(content: str, *, finish_reason: str = "stop", model: str | None = None) -> Reply:
    return Reply(chat_content=content, finish_reason=finish_reason, model=model)


def chat_json(obj: Any) -> Reply:
    return chat(json.dumps(obj, ensure_ascii=False))


def error(
    status: int,
    message: str,
    *,
    type: str | None = None,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> Reply:
    body = {
        "error": {
            "message": message,
            "type": type or "invalid_request_error",
            "code": code,
            "param": None,
        }
    }
    return Reply(status=status, body=json.dumps(body).encode(), headers=dict(headers or {}))


def hang(seconds: float = 30.0) -> Reply:
    return Reply(hang_seconds=seconds)


def raw(status: int, body: str | bytes, content_type: str = "text/plain") -> Reply:
    data = body.encode() if isinstance(body, str) else body
    return Reply(status=status, body=data, content_type=content_type)


def _completion(reply: Reply, request: RecordedRequest) -> bytes:
    return json.dumps(
        {
            "id": f"chatcmpl-fake-{int(request.received_at * 1e6)}",
            "object": "chat.completion",
            "created": int(request.received_at),
            "model": reply.model or request.model or "fake-model",
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": reply.chat_content},
                    "logprobs": None,
                    "finish_reason": reply.finish_reason,
                }
            ],
            "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20},
        },
        ensure_ascii=False,
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass

    def _record(self) -> RecordedRequest:
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length) if length else b""
        request = RecordedRequest(
            method=self.command,
            path=self.path,
            headers={k.lower(): v for k, v in self.headers.items()},
            raw=data,
            received_at=time.time(),
        )
        self.server.owner._record(request)
        return request

    def _send(self, reply: Reply, request: RecordedRequest) -> None:
        if reply.hang_seconds:
            self.server.owner._stopping.wait(reply.hang_seconds)
            self.close_connection = True
            return
        body = _completion(reply, request) if reply.chat_content is not None else reply.body
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Connection", "close")
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (its timeout); nothing to tell it
        self.close_connection = True

    def do_POST(self) -> None:
        request = self._record()
        if self.path.rstrip("/") == CHAT_PATH:
            self._send(self.server.owner._next(request), request)
        else:
            self._send(error(404, f"unknown path {self.path}", code="not_found"), request)

    def do_GET(self) -> None:
        request = self._record()
        if self.path.rstrip("/") == MODELS_PATH:
            data = {
                "object": "list",
                "data": [
                    {"id": m, "object": "model", "created": 0, "owned_by": "fake"}
                    for m in self.server.owner.models
                ],
            }
            self._send(Reply(body=json.dumps(data).encode()), request)
        else:
            self._send(error(404, f"unknown path {self.path}", code="not_found"), request)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    owner: FakeOpenAIServer


class FakeOpenAIServer:
    """See the module docstring for the API."""

    def __init__(self, *, host: str = "127.0.0.1") -> None:
        self.host = host
        self.models: list[str] = ["fake-model"]
        self.default: Responder = error(
            500, "fake server: no reply queued for this request", type="server_error"
        )
        self.requests: list[RecordedRequest] = []
        self._queue: deque[Responder] = deque()
        self._lock = threading.RLock()
        self._arrived = threading.Condition(self._lock)
        self._stopping = threading.Event()
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # lifecycle
    def start(self) -> FakeOpenAIServer:
        httpd = _Server((self.host, 0), _Handler)
        httpd.owner = self
        self._httpd = httpd
        self._thread = threading.Thread(
            target=httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-openai",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # release hanging handlers first
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = self._thread = None

    def __enter__(self) -> FakeOpenAIServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # addresses
    @property
    def root_url(self) -> str:
        if self._httpd is None:
            raise RuntimeError("the fake server is not running")
        return f"http://{self.host}:{self._httpd.server_address[1]}"

    @property
    def base_url(self) -> str:
        return self.root_url + "/v1"

    # scripting
    def queue(self, *replies: Responder) -> None:
        with self._lock:
            self._queue.extend(replies)

    @property
    def pending(self) -> int:
        """Replies queued but not yet served."""
        with self._lock:
            return len(self._queue)

    @property
    def chat_requests(self) -> list[RecordedRequest]:
        """Requests to `/v1/chat/completions` so far, in arrival order."""
        with self._lock:
            return self._chat_requests()

    def wait_for_chat_requests(self, count: int, timeout: float = 5.0) -> list[RecordedRequest]:
        """Block until `count` chat requests have arrived (or `timeout` passes).

        A client that timed out may return before the server thread has even read its
        request; waiting here keeps counts exact on a busy machine.
        """
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self._chat_requests()) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._arrived.wait(left)
            return self._chat_requests()

    def _chat_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.rstrip("/") == CHAT_PATH]

    def _record(self, request: RecordedRequest) -> None:
        with self._arrived:
            self.requests.append(request)
            self._arrived.notify_all()

    def _next(self, request: RecordedRequest) -> Reply:
        with self._lock:
            responder = self._queue.popleft() if self._queue else self.default
        return responder(request) if callable(responder) else responder
