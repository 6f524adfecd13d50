"""The `openai` backend: any server that speaks the OpenAI Chat Completions protocol.

One code path serves OpenAI itself, DeepSeek, DashScope (Qwen), Ollama, vLLM and the
llama.cpp server, so it relies only on what they all share: `POST /chat/completions`
with `model` and `messages`. JSON is requested through the system prompt (with the
schema) plus `response_format={"type": "json_object"}`; a server that rejects that field
is asked again without it, and remembered.

The client's own retries are off (`max_retries=0`): retrying here means the policy
(which errors, how long to wait, what the user is told) is ours, visible and testable.

This module imports `openai` at the top; `livegen.llm.get_backend` imports it lazily,
so the CLI starts without it.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import openai
from pydantic import BaseModel

from livegen.errors import BackendError, InputError, UsageError
from livegen.llm.backoff import backoff_delay, retry_after_seconds
from livegen.llm.jsonreply import ReplyError, parse_reply, schema_instructions, strip_reasoning
from livegen.progress import NullReporter

if TYPE_CHECKING:
    from livegen.config import Config
    from livegen.llm.base import Message
    from livegen.progress import Reporter

T = TypeVar("T", bound=BaseModel)

OPENAI_BASE_URL = "https://api.openai.com/v1"
# Local servers (Ollama, llama.cpp, vLLM) ignore the key, but the client requires one.
PLACEHOLDER_KEY = "not-needed"
# Statuses worth another try besides 5xx: request timeout, conflict, rate limit.
RETRY_STATUSES = frozenset({408, 409, 429})
JSON_MODE = {"type": "json_object"}
CHAT_PATH = "/chat/completions"
_DETAIL_MAX = 160
KEY_HINT = "set LIVEGEN_API_KEY (or OPENAI_API_KEY) to a valid key for this endpoint"


class RequestRejected(BackendError):
    """The server refused the request itself (HTTP 400/422), not the model's answer."""

    def __init__(self, message: str, *, detail: str) -> None:
        super().__init__(message)
        self.detail = detail


def _one_line(text: str, limit: int = _DETAIL_MAX) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _number(config: Config, key: str, kind: type[int] | type[float]) -> Any:
    value = config.get(key)
    try:
        if isinstance(value, bool):
            raise ValueError
        return kind(value)
    except (TypeError, ValueError):
        what = "an integer" if kind is int else "a number"
        raise InputError(
            f"{key} must be {what}, got {value!r} (from {config.source(key)})"
        ) from None


def _optional_number(config: Config, key: str, kind: type[int] | type[float]) -> Any:
    return None if config.get(key) in (None, "") else _number(config, key, kind)


def _is_http_url(value: Any) -> bool:
    if not isinstance(value, str) or any(c.isspace() for c in value):
        return False
    try:
        parts = urlsplit(value)
        _port = parts.port  # raises on a port out of range or not a number
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _bad_setting(
    base_url: Any, model: Any, timeout: float, max_retries: int
) -> tuple[str, str, str | None] | None:
    """(key, message, hint) for the first unusable setting, else None."""
    if not _is_http_url(base_url):
        return (
            "llm.base_url",
            f"llm.base_url must be an http(s) URL, got {base_url!r}",
            "e.g. http://localhost:11434/v1 for Ollama",
        )
    if not isinstance(model, str) or not model.strip():
        return (
            "llm.model",
            f"llm.model must name a model, got {model!r}",
            "set LIVEGEN_MODEL or pass --model",
        )
    if not timeout > 0:
        return ("llm.timeout", f"llm.timeout must be more than 0 seconds, got {timeout!r}", None)
    if max_retries < 0:
        return ("llm.max_retries", f"llm.max_retries must be 0 or more, got {max_retries!r}", None)
    return None


def _wire(messages: list[Message]) -> list[dict[str, str]]:
    return [{"role": m.role, "content": m.content} for m in messages]


def _with_instructions(messages: list[Message], instructions: str) -> list[dict[str, str]]:
    """Append the JSON instructions to the system message (or add one)."""
    wire = _wire(messages)
    if wire and wire[0]["role"] == "system":
        wire[0] = {"role": "system", "content": f"{wire[0]['content']}\n\n{instructions}"}
        return wire
    return [{"role": "system", "content": instructions}, *wire]


def _fix_request(problem: str) -> str:
    return (
        f"Your previous answer could not be used: {problem}.\n"
        "Send the corrected answer: exactly one JSON object that validates against the "
        "JSON Schema in the system message, with no other text."
    )


def _content(completion: Any) -> tuple[str, str | None]:
    """(text, finish_reason) of the first choice; empty text when there is none."""
    choices = getattr(completion, "choices", None) or []
    if not choices:
        return "", None
    choice = choices[0]
    message = getattr(choice, "message", None)
    return (getattr(message, "content", None) or ""), getattr(choice, "finish_reason", None)


class OpenAIBackend:
    """A `ChatBackend` over the official `openai` client with our own retry policy."""

    name = "openai"

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None,
        model: str,
        timeout: float = 60.0,
        max_retries: int = 3,
        reporter: Reporter | None = None,
        sleep: Callable[[float], object] = time.sleep,
        temperature: float | None = None,
        seed: int | None = None,
    ) -> None:
        problem = _bad_setting(base_url, model, timeout, max_retries)
        if problem is not None:
            _key, message, hint = problem
            raise UsageError(message, hint=hint)
        base_url = base_url.rstrip("/")
        # A pasted endpoint URL is a common slip; the client appends the path itself.
        if base_url.endswith(CHAT_PATH):
            base_url = base_url[: -len(CHAT_PATH)]
        self.base_url = base_url
        self.model: str | None = model
        self.timeout = float(timeout)
        self.max_retries = int(max_retries)
        # Sampling settings sent with every request, when set (`llm.temperature`, --seed).
        self.temperature = None if temperature is None else float(temperature)
        self.seed = None if seed is None else int(seed)
        self.reporter: Reporter = reporter if reporter is not None else NullReporter()
        self._api_key = api_key or None
        self._sleep = sleep
        # None until the server has answered a request with response_format, or refused it.
        self.json_mode_supported: bool | None = None
        self._client: openai.OpenAI | None = None

    @classmethod
    def from_config(
        cls,
        config: Config,
        model: str | None = None,
        *,
        reporter: Reporter | None = None,
        sleep: Callable[[float], object] = time.sleep,
    ) -> OpenAIBackend:
        """Build from `[llm]` settings (file, LIVEGEN_* env); `model` is the --model flag."""
        settings: dict[str, Any] = {
            "base_url": config.get("llm.base_url") or OPENAI_BASE_URL,
            "model": model or config.get("llm.model"),
            "timeout": _number(config, "llm.timeout", float),
            "max_retries": _number(config, "llm.max_retries", int),
        }
        sampling: dict[str, Any] = {
            "temperature": _optional_number(config, "llm.temperature", float),
            "seed": _optional_number(config, "llm.seed", int),
        }
        temperature = sampling["temperature"]
        if temperature is not None and not 0 <= temperature <= 2:
            raise UsageError(
                f"llm.temperature must be between 0 and 2, got {temperature:g} "
                f"(from {config.source('llm.temperature')})"
            )
        problem = _bad_setting(**settings)
        if problem is not None:
            key, message, hint = problem
            source = "--model" if key == "llm.model" and model else config.source(key)
            raise UsageError(f"{message} (from {source})", hint=hint)
        return cls(
            **settings,
            api_key=config.get("llm.api_key"),
            reporter=reporter,
            sleep=sleep,
            **sampling,
        )

    def __repr__(self) -> str:  # never shows the key
        return f"OpenAIBackend(model={self.model!r}, base_url={self.base_url!r})"

    @property
    def client(self) -> openai.OpenAI:
        """The HTTP client, built on first use so that constructing a backend is free."""
        if self._client is None:
            if not self._api_key and self.base_url == OPENAI_BASE_URL:
                raise BackendError(
                    f"no API key configured for {OPENAI_BASE_URL}",
                    hint="set LIVEGEN_API_KEY (or OPENAI_API_KEY), or point LIVEGEN_BASE_URL at "
                    "a local server such as Ollama (http://localhost:11434/v1)",
                )
            self._client = openai.OpenAI(
                api_key=self._api_key or PLACEHOLDER_KEY,
                base_url=self.base_url,
                timeout=self.timeout,
                max_retries=0,
            )
        return self._client

    # -- the ChatBackend protocol -------------------------------------------------------

    def complete_text(self, messages: list[Message], *, task: str) -> str:
        text, _finish = _content(self._chat(_wire(messages), task=task, json_mode=False))
        text = strip_reasoning(text)
        if not text:
            raise BackendError(
                f"{task}: model '{self.model}' at {self.base_url} returned an empty answer"
            )
        return text

    def complete_json(self, messages: list[Message], schema: type[T], *, task: str) -> T:
        wire = _with_instructions(messages, schema_instructions(schema))
        problem = ""
        for attempt in (1, 2):
            text, finish = _content(self._chat(wire, task=task, json_mode=True))
            try:
                return parse_reply(text, schema)
            except ReplyError as exc:
                problem = str(exc)
            if finish == "length":
                problem += " (the answer was cut off at the model's output limit)"
            if attempt == 1:
                self.reporter.warn(
                    f"{task}: unusable answer from {self.model}: {problem}; asking once more"
                )
                wire = [
                    *wire,
                    {"role": "assistant", "content": text},
                    {"role": "user", "content": _fix_request(problem)},
                ]
        raise BackendError(
            f"{task}: model '{self.model}' did not return valid {schema.__name__} JSON "
            f"in 2 attempts: {_one_line(problem, 300)}",
            hint="try a larger model, or one that supports JSON output",
        )

    # -- one request, with the JSON-mode fallback -----------------------------------------

    def _chat(self, wire: list[dict[str, str]], *, task: str, json_mode: bool) -> Any:
        use_json = json_mode and self.json_mode_supported is not False
        request: dict[str, Any] = {"model": self.model, "messages": wire}
        if self.temperature is not None:
            request["temperature"] = self.temperature
        if self.seed is not None:
            request["seed"] = self.seed
        if use_json:
            request["response_format"] = JSON_MODE
        try:
            completion = self._create(request, task=task)
        except RequestRejected as exc:
            if not use_json:
                raise
            self.reporter.warn(
                f"{task}: {self.base_url} refused response_format "
                f"({exc.detail or 'HTTP 400'}); asking for JSON through the "
                "prompt only"
            )
            del request["response_format"]
            completion = self._create(request, task=task)
            # Only now is it clear that response_format was the trouble.
            self.json_mode_supported = False
        else:
            if use_json:
                self.json_mode_supported = True
        if not hasattr(completion, "choices"):
            raise BackendError(
                f"{task}: {self.base_url} did not answer with a chat completion",
                hint="check LIVEGEN_BASE_URL: OpenAI-compatible servers usually end in /v1",
            )
        return completion

    # -- transport retries ----------------------------------------------------------------

    def _create(self, request: dict[str, Any], *, task: str) -> Any:
        client = self.client
        retry = 0
        while True:
            wait: float | None = None
            failure: BackendError | None = None
            try:
                return client.chat.completions.create(**request)
            except openai.APITimeoutError:
                reason = f"no answer within {self.timeout:g} s"
            except openai.APIConnectionError as exc:
                cause = exc.__cause__ or exc
                reason = f"connection failed ({self._scrub(str(cause)) or type(cause).__name__})"
            except openai.APIStatusError as exc:
                if self._retryable(exc):
                    reason = f"HTTP {exc.status_code}{self._detail(exc, prefix=': ')}"
                    wait = retry_after_seconds(exc.response.headers)
                else:
                    failure = self._status_error(exc, task)
            except openai.OpenAIError as exc:
                failure = BackendError(
                    f"{task}: unexpected answer from {self.base_url}: {self._scrub(str(exc))}"
                )
            if failure is not None:
                # Raised outside the handler so the client's exception, whose text may
                # quote the key, is not attached as context.
                raise failure
            if retry >= self.max_retries:
                times = "once" if retry == 0 else f"{retry + 1} times in a row"
                raise BackendError(
                    f"{task}: {self.base_url} failed {times} (last: {reason})",
                    hint="the server is slow, overloaded or unreachable: try again later, "
                    "or raise llm.timeout / llm.max_retries",
                )
            delay = wait if wait is not None else backoff_delay(retry)
            retry += 1
            self.reporter.warn(
                f"{task}: {reason}; retry {retry} of {self.max_retries} in {delay:.1f} s"
            )
            self._sleep(delay)

    @staticmethod
    def _retryable(exc: openai.APIStatusError) -> bool:
        if exc.status_code == 429 and exc.code == "insufficient_quota":
            return False  # no amount of waiting brings credit back
        return exc.status_code in RETRY_STATUSES or exc.status_code >= 500

    def _scrub(self, text: str) -> str:
        """One line, with the API key cut out wherever a server echoed it."""
        from livegen.scrub import scrub

        return _one_line(scrub(text, [self._api_key], limit=None))

    def _detail(self, exc: openai.APIStatusError, *, prefix: str = "") -> str:
        body = exc.body
        if isinstance(body, dict):
            text = body.get("message") or body.get("detail") or body.get("error") or ""
        else:
            text = body or ""
        if not isinstance(text, str):
            text = str(text)
        if text.lstrip().startswith("<"):  # a proxy's HTML error page: keep its words
            text = re.sub(
                r"<(script|style)\b.*?</\1>|<[^>]+>", " ", text, flags=re.DOTALL | re.IGNORECASE
            )
        text = self._scrub(text)
        return f"{prefix}{text}" if text else ""

    def _status_error(self, exc: openai.APIStatusError, task: str) -> BackendError:
        status = exc.status_code
        detail = self._detail(exc, prefix=": ")
        where = self.base_url
        if status == 401:
            hint = KEY_HINT if self._api_key else f"no API key is configured: {KEY_HINT}"
            return BackendError(
                f"{task}: {where} rejected the API key (HTTP 401{detail})", hint=hint
            )
        if status == 403:
            return BackendError(
                f"{task}: {where} denied access to model '{self.model}' (HTTP 403{detail})",
                hint="check that the key in LIVEGEN_API_KEY may use this model and region",
            )
        if status == 404:
            if "model" in f"{exc.code or ''} {detail}".lower():
                return BackendError(
                    f"{task}: model '{self.model}' not found at {where} (HTTP 404{detail})",
                    hint="set LIVEGEN_MODEL (or [llm] model) to a model this server serves "
                    "(Ollama: `ollama pull NAME` first)",
                )
            return BackendError(
                f"{task}: {where}{CHAT_PATH} not found (HTTP 404{detail}) while asking "
                f"model '{self.model}'",
                hint="check LIVEGEN_BASE_URL: OpenAI-compatible servers usually end in /v1, "
                "and check that the server serves this model",
            )
        if status == 429:
            return BackendError(
                f"{task}: the API key's quota at {where} is used up (HTTP 429{detail})",
                hint="check the billing or credit of this key",
            )
        if status in (400, 422):
            return RequestRejected(
                f"{task}: {where} rejected the request for model "
                f"'{self.model}' (HTTP {status}{detail})",
                detail=self._detail(exc),
            )
        return BackendError(f"{task}: {where} answered HTTP {status}{detail}")
