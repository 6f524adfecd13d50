"""A local stand-in for an OpenAI-compatible audio transcription endpoint, on 127.0.0.1.

The `openai-api` engine is tested over the wire: the official client uploads each window as a
multipart form to this server, which records the audio and the form fields and answers
`verbose_json` from the test's `answer(n)` (n counts the uploads, from 1), or an OpenAI-style
error while `status` is not 200. One server for every test of that engine, so the exchange is
parsed and answered the same way in each::

    with FakeTranscriptionServer(lambda n: verbose_json(...)) as server:
        TranscribeOptions(engine="openai-api", api_base_url=server.url)
        server.uploads      # list[bytes]: each uploaded file, in order
        server.fields       # list[dict[str, list[str]]]: each upload's other form fields
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Answer = Callable[[int], dict[str, Any]]


def verbose_json(
    text: str,
    words: list[tuple[str, float, float]],
    *,
    language: str,
    duration: float,
) -> dict[str, Any]:
    """A `verbose_json` body: one segment spanning its words, and the words."""
    segment = {
        "id": 0,
        "start": words[0][1],
        "end": words[-1][2],
        "text": text,
        "avg_logprob": -0.2,
        "no_speech_prob": 0.01,
    }
    return {
        "task": "transcribe",
        "language": language,
        "duration": duration,
        "text": text.strip(),
        "segments": [segment],
        "words": [{"word": w, "start": a, "end": b} for w, a, b in words],
    }


class FakeTranscriptionServer:
    """Records every upload and answers it; `status`/`message` turn the answers into errors."""

    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.uploads: list[bytes] = []
        self.fields: list[dict[str, list[str]]] = []
        self.status = 200
        self.message = "model overloaded"
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL to give the engine (`…/v1`)."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/v1"

    def __enter__(self) -> FakeTranscriptionServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def _receive(self, content_type: str, body: bytes) -> tuple[int, dict[str, Any]]:
        msg = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        audio, fields = b"", {}
        for part in msg.iter_parts():
            name = str(part.get_param("name", header="content-disposition"))
            payload = part.get_payload(decode=True)
            if name == "file":
                audio = payload
            else:
                fields.setdefault(name, []).append(payload.decode())
        with self._lock:
            self.uploads.append(audio)
            self.fields.append(fields)
            n = len(self.uploads)
        if self.status != 200:
            return self.status, {"error": {"message": self.message}}
        return 200, self.answer(n)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                status, answer = server._receive(self.headers["Content-Type"], body)
                data = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
