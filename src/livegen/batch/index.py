"""`batch.json` and `index.html`: the batch's record, rewritten whole as items finish.

Both are written with the project's atomic writer, so a reader (or a Ctrl-C) never sees a
half-written index; `index.html` is made from the same data and links every recording's
report and clips by relative paths, so the folder can be copied or served as it is.
"""

from __future__ import annotations

import html
import threading
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from livegen.artifacts import load_artifact, save_artifact, write_text
from livegen.batch.work import Outcome
from livegen.errors import ArtifactError, InputError, OutputExistsError
from livegen.schemas.batch import BatchClip, BatchIndex, BatchItem
from livegen.timefmt import clock

INDEX = "batch.json"
HTML = "index.html"
REPORT = "report.html"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def load_previous(out_dir: Path, *, force: bool) -> BatchIndex | None:
    """The index an earlier run of the batch left in `out_dir`, if any.

    A `batch.json` that is not a batch index is someone else's file: kept, unless --force.
    """
    path = out_dir / INDEX
    if not path.exists():
        return None
    try:
        return load_artifact(path, BatchIndex, kind="batch index", own_state=True)
    except (ArtifactError, InputError) as exc:
        if force:
            return None
        raise OutputExistsError(
            f"{path}: exists and is not a batch index livegen can read ({exc.message})",
            hint="pass --force to replace it",
        ) from None


class IndexWriter:
    """Holds the index in memory and writes it (and the HTML page) after every change."""

    def __init__(self, out_dir: Path, index: BatchIndex) -> None:
        self.out_dir = out_dir
        self.index = index
        self._lock = threading.Lock()

    def item(self, i: int) -> BatchItem:
        return self.index.items[i]

    def finish(self, outcome: Outcome) -> BatchItem:
        """Record what a worker reported for item `outcome.index`, and write."""
        with self._lock:
            old = self.index.items[outcome.index]
            if outcome.status == "interrupted":
                item = old.model_copy(update={"status": "pending", "error": None})
            else:
                run = old.out
                clips = [
                    BatchClip(
                        file=f"{run}/{c['file']}",
                        cover=f"{run}/{c['cover']}" if c.get("cover") else None,
                        title=c.get("title") or "",
                        duration=max(float(c.get("duration") or 0), 0.0),
                        status=c.get("status") or "rendered",
                    )
                    for c in outcome.clips
                ]
                report = f"{run}/{REPORT}" if (self.out_dir / run / REPORT).is_file() else None
                item = old.model_copy(
                    update={
                        "status": "done" if outcome.status == "done" else "failed",
                        "clips": sum(c.status != "failed" for c in clips),
                        "failed_clips": sum(c.status == "failed" for c in clips),
                        "clip_files": clips,
                        "report": report,
                        "media_seconds": outcome.media_seconds,
                        "seconds": outcome.seconds,
                        "stages": outcome.stages,
                        "reused": outcome.reused,
                        "worker": outcome.worker or None,
                        "peak_memory_mib": outcome.peak_memory_mib,
                        "cpu_seconds": outcome.cpu_seconds,
                        "error": outcome.error if outcome.status == "failed" else None,
                        "finished": now(),
                    }
                )
                if outcome.status == "failed":
                    item.fingerprint = ""  # never kept: the next run retries it
            self.index.items[outcome.index] = item
            self._write()
            return item

    def write(self) -> None:
        with self._lock:
            self._write()

    def _write(self) -> None:
        self.index.updated = now()
        save_artifact(self.index, self.out_dir / INDEX, force=True)
        write_text(self.out_dir / HTML, render_html(self.index), force=True)


def _href(path: str) -> str:
    return html.escape(quote(path), quote=True)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    return clock(seconds)


_STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei",
"Noto Sans CJK SC","Source Han Sans SC",sans-serif;margin:2rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;padding:.5rem;
text-align:left;vertical-align:top}th{background:#f6f6f6}
.done,.kept{color:#176f2c}.failed{color:#b00020}.pending{color:#8a6d00}
.clips{display:flex;flex-wrap:wrap;gap:.5rem}.clip{width:120px;font-size:12px}
.clip img{width:120px;height:auto;display:block;background:#eee}
.error{color:#b00020;font-family:ui-monospace,monospace;font-size:12px}
"""


def render_html(index: BatchIndex) -> str:
    """A self-contained page: one row per recording, its report, its clips with covers."""
    counts = {
        s: sum(i.status == s for i in index.items) for s in ("done", "kept", "failed", "pending")
    }
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    rows = []
    for item in index.items:
        name = html.escape(item.name)
        report = f'<a href="{_href(item.report)}">report</a>' if item.report else ""
        folder = (
            f'<a href="{_href(item.out)}/">{html.escape(item.out)}/</a>'
            if item.status in ("done", "kept") or item.report
            else ""
        )
        clips = []
        for c in item.clip_files:
            if c.status == "failed":
                continue
            img = f'<img src="{_href(c.cover)}" alt="" loading="lazy">' if c.cover else ""
            clips.append(
                f'<div class="clip"><a href="{_href(c.file)}">{img}'
                f"{html.escape(c.title or Path(c.file).name)}</a> "
                f"{c.duration:.0f} s</div>"
            )
        error = f'<div class="error">{html.escape(item.error)}</div>' if item.error else ""
        sources = "<br>".join(html.escape(Path(s).name) for s in item.source)
        rows.append(
            f"<tr><td><b>{name}</b><br><small>{sources}</small></td>"
            f'<td class="{item.status}">{item.status}{error}</td>'
            f"<td>{_duration(item.media_seconds)}</td><td>{report}<br>{folder}</td>"
            f'<td><div class="clips">{"".join(clips)}</div></td></tr>'
        )
    return (
        '<!doctype html>\n<html lang="zh"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>livegen batch: {len(index.items)} recordings</title><style>{_STYLE}</style>"
        "</head><body>"
        f"<h1>livegen batch</h1><p>{len(index.items)} recordings: {html.escape(summary)}. "
        f"Engine {html.escape(index.engine)}, {index.workers} worker(s) × "
        f"{index.threads_per_worker} thread(s). Updated {html.escape(index.updated)}.</p>"
        "<table><thead><tr><th>recording</th><th>status</th><th>length</th><th>report</th>"
        "<th>clips</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
        "</body></html>\n"
    )
