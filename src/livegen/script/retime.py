"""A model's script laid out again on the clock its own lines make.

The offline composer plans each segment's length from the offline lines. A model writes
other lines, longer or shorter, so after generation (and after the linter's rewrites) each
segment is re-timed from what it now holds: its lines' speaking time at the script's pace
plus its labelled stage time. Then the Script's `speech_seconds`, `start`/`end` and
`coverage` describe the words the host will actually read.

What is left over is handled as the offline composer does: a short remainder is a labelled
pause; a long one is either marked for the host (`--fill host`) or the stream ends when the
words do (`--fill shorten`, the default), with one note on stderr. Lines that still carry a
placeholder FAQ answer are dropped (`livegen.script.placeholders`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from livegen.schemas.script import ScriptSegment, StageTime
from livegen.script.pace import speech_seconds
from livegen.script.placeholders import has_placeholder
from livegen.script.plan import place

if TYPE_CHECKING:
    from livegen.script.offline import Composer

PAUSE_MAX = 20.0  # a remainder shorter than this is a labelled pause, as offline
CLOSING = ("urgency", "recap", "preview")  # kinds that stay at the very end


@dataclass
class Retimed:
    segments: list[ScriptSegment]
    duration: float
    notes: list[str] = field(default_factory=list)


def _stage(seg: ScriptSegment, pause_label: str) -> list[StageTime]:
    """The segment's stage time without the plan's own filler pause (re-decided here)."""
    return [s for s in seg.stage if s.label != pause_label]


def _closing_start(segments: list[ScriptSegment]) -> int:
    """Index of the first segment of the closing block at the end of the plan."""
    k = len(segments)
    while k > 1 and segments[k - 1].kind in CLOSING:
        k -= 1
    return k


def retime(segments: list[ScriptSegment], composer: Composer, duration: float) -> Retimed:
    """`segments` re-timed from their lines; `duration` is the stream asked for."""
    res = composer.res
    language, pace = res.language, composer.pace
    pause_label = str(composer.words.get("pause_label", "pause for the chat"))
    notes: list[str] = []
    out: list[ScriptSegment] = []
    dropped = 0
    for seg in segments:
        lines = [t for t in seg.lines if not has_placeholder(t)]
        dropped += len(seg.lines) - len(lines)
        stage = _stage(seg, pause_label)
        if seg.host_prompt:
            # The host's own slot keeps the time it was given (its stage instruction).
            out.append(seg.model_copy(update={"stage": stage}))
            continue
        out.append(
            seg.model_copy(
                update={
                    "lines": lines,
                    "stage": stage,
                    "speech_seconds": round(speech_seconds(lines, language, pace), 1),
                }
            )
        )
    if dropped:
        notes.append(
            f"{dropped} line{'s' if dropped != 1 else ''} carrying a placeholder FAQ answer "
            "left out (fill `faq[].answer` in the spec)"
        )

    def length(seg: ScriptSegment) -> float:
        return seg.speech_seconds + sum(s.seconds for s in seg.stage)

    told = sum(length(s) for s in out)
    gap = duration - told
    end = duration
    if gap >= PAUSE_MAX and res.fill == "host":
        cut = _closing_start(out)
        out[cut:cut] = _host_slots(composer, gap)
        notes.append(
            f"the model's lines fill about {told / 60:.0f} of the {duration / 60:.0f} minutes "
            f"asked; {gap / 60:.1f} min are left to the host as marked prompts"
        )
        gap = duration - sum(length(s) for s in out)
    if gap >= PAUSE_MAX:
        end = round(told, 1)
        notes.append(
            f"the model's lines fill about {told / 60:.1f} of the {duration / 60:.0f} minutes "
            f"asked, so the script ends at {told / 60:.1f} min (--fill host keeps "
            f"{duration / 60:.0f} min with the rest marked for the host)"
        )
    elif gap > 0:
        cut = _closing_start(out)
        k = cut - 1 if cut > 0 else len(out) - 1
        out[k] = out[k].model_copy(
            update={"stage": [*out[k].stage, StageTime(label=pause_label, seconds=round(gap, 1))]}
        )
    elif gap < 0:
        end = round(told, 1)
        notes.append(
            f"the model's lines run {-gap:.0f} s past the {duration / 60:.0f} minutes asked, "
            f"so the script ends at {told / 60:.1f} min"
        )
    times = place([length(s) for s in out], end)
    timed = [
        s.model_copy(update={"start": start, "end": stop})
        for s, (start, stop) in zip(out, times, strict=True)
    ]
    return Retimed(timed, end, notes)


def _host_slots(composer: Composer, gap: float) -> list[ScriptSegment]:
    """Marked host slots filling `gap` seconds, worded by the offline composer."""
    every = composer.res.platform.interaction_every
    slots: list[ScriptSegment] = []
    k = 0
    while gap >= PAUSE_MAX:
        chunk = min(gap, max(45.0, 0.5 * every if every > 0 else gap))
        k += 1
        rendered = composer.render(composer.host_slot(chunk, 100 + k))
        speech = rendered.speech
        slots.append(
            ScriptSegment(
                start=0.0,
                end=round(chunk, 1),
                kind=rendered.item.kind,  # type: ignore[arg-type]
                title=rendered.title,
                lines=rendered.lines,
                cues=rendered.cues,
                speech_seconds=round(speech, 1),
                stage=[
                    StageTime(
                        label=composer._host_label(chunk),
                        seconds=round(max(0.0, chunk - speech), 1),
                    )
                ],
                host_prompt=True,
            )
        )
        gap -= chunk
    return slots
