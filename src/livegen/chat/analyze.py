"""Turn a comment log into what a seller wants to know after a stream.

Message rate over time, the questions viewers kept asking (grouped by meaning, named by
topic, checked against the spec's FAQ), when people bought, what they complained about,
and which messages were spam or broke the platform rules.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from livegen.chat.lexicon import Lexicon, Topics, load_lexicon, load_topics
from livegen.chat.lintbridge import lint_violations
from livegen.chat.text import is_question, normalize
from livegen.chatlog import ChatMessage
from livegen.errors import DependencyError, InputError
from livegen.progress import NullReporter, Reporter
from livegen.schemas.chat import (
    ChatReport,
    FlaggedMessage,
    MessageRate,
    Moment,
    QuestionGroup,
    RateBucket,
)
from livegen.schemas.spec import ProductSpec
from livegen.text import chat_language, has_cjk

if TYPE_CHECKING:
    import numpy as np
    from numpy import ndarray

BUCKET_CHOICES = (5.0, 10.0, 15.0, 30.0, 60.0)


@dataclass
class Settings:
    """Knobs of the grouping; the defaults were tuned on labelled paraphrase sets."""

    group_threshold: float = 0.25  # average-linkage similarity needed to merge groups
    topic_weight: float = 0.7  # weight of the topic-affinity features next to the n-grams
    topic_floor: float = 0.5  # a question's topic affinity below this is ignored for grouping
    merge_floor: float = 0.35  # topic affinity a cluster needs to take part in that merge
    topic_merge: float = 0.1  # centroid similarity for joining two clusters of one topic
    # TF-IDF cosine for "this FAQ entry answers the group" when neither names a concept
    # that `livegen.chat.faqmatch` knows; concepts decide when they are named.
    faq_threshold: float = 0.25
    max_distinct: int = 1500  # distinct questions clustered exactly; the rest are assigned
    intent_bin: float = 5.0
    bucket: float | None = None  # message-rate bucket in seconds; None = fit the log
    top: int = 10


@dataclass
class _Group:
    members: list[int]  # indices into the distinct question list
    count: int = 0
    topic: str = "other"
    rep: int = 0
    messages: list[ChatMessage] = field(default_factory=list)


def _numpy():  # type: ignore[no-untyped-def]
    try:
        import numpy as np
    except ImportError:
        raise DependencyError(
            "livegen chat needs numpy", hint="pip install 'livegen[media]'"
        ) from None
    return np


# --------------------------------------------------------------------------- rate


def pick_bucket(duration: float) -> float:
    """Per-minute buckets for real streams; finer ones for short logs so peaks still show."""
    if duration >= 20 * 60:
        return 60.0
    for size in reversed(BUCKET_CHOICES):
        if duration / size >= 8:
            return size
    return BUCKET_CHOICES[0]


def message_rate(times: Sequence[float], duration: float, bucket: float) -> MessageRate:
    n = max(1, int(duration // bucket) + 1)
    counts = [0] * n
    for t in times:
        counts[min(int(t // bucket), n - 1)] += 1
    baseline = float(statistics.median(counts)) if counts else 0.0
    buckets = []
    for i, c in enumerate(counts):
        ratio = c / baseline if baseline > 0 else float(c)
        peak = c >= 3 and c >= max(2 * baseline, baseline + 3)
        buckets.append(
            RateBucket(
                start=i * bucket, end=(i + 1) * bucket, count=c, ratio=round(ratio, 2), peak=peak
            )
        )
    return MessageRate(bucket_seconds=bucket, baseline=baseline, buckets=buckets)


# --------------------------------------------------------------------------- flags


def spam_reasons(
    msgs: Sequence[ChatMessage], lex: Lexicon, lint_hits: dict[int, list[str]]
) -> dict[int, list[str]]:
    out: dict[int, list[str]] = defaultdict(list)
    repeats: Counter[tuple[str, str]] = Counter((m.user, normalize(m.text)) for m in msgs)
    for i, m in enumerate(msgs):
        for name, pattern in lex.contact.items():
            if pattern.search(m.text):
                out[i].append(f"contact:{name}")
        phrase = lex.spam_phrases.find(m.text)
        if phrase:
            out[i].append(f"phrase:{phrase}")
        key = (m.user, normalize(m.text))
        if (
            m.user
            and repeats[key] >= lex.flood_repeats
            and len(key[1]) >= 6
            and not is_intent(m.text, lex)
            and not is_question(m.text)
        ):
            out[i].append("flood")  # a fan repeating "上链接" is eager, not spamming
        out[i].extend(r for r in lint_hits.get(i, []) if r not in out[i])
    return {i: r for i, r in out.items() if r}


def negative_reasons(text: str, lex: Lexicon) -> list[str]:
    return [cat for cat, terms in lex.negative.items() if terms.find(text)]


def is_intent(text: str, lex: Lexicon) -> bool:
    return lex.intent.find(text) is not None


def intent_moments(
    msgs: Sequence[ChatMessage], duration: float, bin_seconds: float
) -> list[Moment]:
    """Runs of bins where intent messages clearly exceed their stream-wide average."""
    if not msgs:
        return []
    n = max(1, int(duration // bin_seconds) + 1)
    bins: list[list[ChatMessage]] = [[] for _ in range(n)]
    for m in msgs:
        bins[min(int(m.time // bin_seconds), n - 1)].append(m)
    mean = len(msgs) / n
    threshold = max(3.0, 2.5 * mean)
    hot = [len(b) >= threshold for b in bins]
    moments: list[Moment] = []
    i = 0
    while i < n:
        if not hot[i]:
            i += 1
            continue
        j = i
        while j + 1 < n and (hot[j + 1] or (j + 2 < n and hot[j + 2])):
            j += 1
        span = [m for b in bins[i : j + 1] for m in b]
        seconds = Counter(int(m.time) for m in span)
        examples = [t for t, _ in Counter(m.text.strip() for m in span).most_common(5)]
        moments.append(
            Moment(
                start=round(span[0].time, 2),
                end=round(span[-1].time, 2),
                count=len(span),
                peak=float(seconds.most_common(1)[0][0]),
                examples=examples,
            )
        )
        i = j + 1
    return sorted(moments, key=lambda m: -m.count)


# --------------------------------------------------------------------------- questions


def _topic_affinity(
    q: np.ndarray, ex: np.ndarray, owners: Sequence[int], n_topics: int
) -> np.ndarray:
    """Per question and topic: similarity to the closest example of that topic."""
    np = _numpy()
    aff = np.zeros((q.shape[0], n_topics), dtype=np.float32)
    if q.shape[0] == 0 or ex.shape[0] == 0:
        return aff
    sims = q @ ex.T
    owner = np.asarray(owners)
    for t in range(n_topics):
        cols = np.flatnonzero(owner == t)
        if len(cols):
            aff[:, t] = sims[:, cols].max(axis=1)
    return aff


def _sharpen(aff: np.ndarray, floor: float) -> np.ndarray:
    """Keep only each question's clear best topic: weak, spread-out affinities (a shared
    "what" or "的") would otherwise pull unrelated questions together."""
    np = _numpy()
    out = np.zeros_like(aff)
    if aff.size:
        best = aff.argmax(axis=1)
        rows = np.arange(aff.shape[0])
        keep = aff[rows, best] >= floor
        out[rows[keep], best[keep]] = aff[rows[keep], best[keep]]
    return out


def _merge_same_topic(
    clusters: list[list[int]],
    x: np.ndarray,
    counts: np.ndarray,
    aff: np.ndarray,
    min_topic: float,
    threshold: float,
) -> list[list[int]]:
    """Join clusters that landed on the same topic and still look alike as a whole.

    Average linkage is cautious by design (a few odd wordings keep two halves of "how big
    is it" apart); a second, topic-aware pass at a lower bar joins such halves without
    letting unrelated questions in. Centroids are kept as weighted sums so a merge only
    recomputes one row.
    """
    np = _numpy()
    k = len(clusters)
    if k < 2:
        return clusters
    sums = np.vstack([counts[c] @ x[c] for c in clusters])
    topic_sums = np.vstack([counts[c] @ aff[c] for c in clusters])
    weights = np.array([counts[c].sum() for c in clusters])
    alive = np.ones(k, dtype=bool)

    def topic_of(i: int) -> int:
        scores = topic_sums[i] / weights[i]
        best = int(scores.argmax())
        return best if scores[best] >= min_topic else -1

    topic = np.array([topic_of(i) for i in range(k)])

    def unit(v: ndarray) -> ndarray:
        n = np.linalg.norm(v, axis=-1, keepdims=True)
        return v / np.where(n == 0, 1.0, n)

    cent = unit(sums)
    sim = cent @ cent.T
    np.fill_diagonal(sim, -1.0)
    same = (topic[:, None] == topic[None, :]) & (topic[:, None] >= 0)
    sim = np.where(same, sim, -1.0)
    while True:
        i, j = np.unravel_index(int(sim.argmax()), sim.shape)
        if sim[i, j] < threshold:
            break
        clusters[i] = clusters[i] + clusters[j]
        clusters[j] = []
        alive[j] = False
        sums[i] += sums[j]
        topic_sums[i] += topic_sums[j]
        weights[i] += weights[j]
        topic[i] = topic_of(int(i))
        cent[i] = unit(sums[i])
        row = cent @ cent[i]
        row = np.where(alive & (topic == topic[i]) & (topic[i] >= 0), row, -1.0)
        row[i] = -1.0
        sim[i, :] = row
        sim[:, i] = row
        sim[j, :] = -1.0
        sim[:, j] = -1.0
    return [c for c in clusters if c]


def group_questions(
    questions: Sequence[ChatMessage],
    topics: Topics,
    faq: Sequence[str],
    settings: Settings,
) -> tuple[list[_Group], list[str], np.ndarray, np.ndarray, np.ndarray]:
    """Cluster distinct question wordings; returns groups, wordings, their TF-IDF rows,
    topic affinities and the FAQ rows (same vector space)."""
    from livegen.chat.vectors import TfIdf, average_linkage, unit_rows

    np = _numpy()
    by_text: dict[str, list[ChatMessage]] = defaultdict(list)
    for m in questions:
        key = normalize(m.text).strip("?？ ")
        if key:
            by_text[key].append(m)
    ranked = sorted(by_text, key=lambda k: (-len(by_text[k]), by_text[k][0].time))
    examples = [e for t in topics.topics for e in t.examples]
    owners = [i for i, t in enumerate(topics.topics) for _ in t.examples]
    vec = TfIdf([*ranked, *examples, *faq])
    q = vec.matrix(0, len(ranked))
    ex = vec.matrix(len(ranked), len(ranked) + len(examples))
    faq_rows = vec.matrix(len(ranked) + len(examples))
    aff = _topic_affinity(q, ex, owners, len(topics.topics))
    sharp = _sharpen(aff, settings.topic_floor)
    x = unit_rows(np.hstack([q, settings.topic_weight * sharp]))
    counts = np.array([len(by_text[k]) for k in ranked], dtype=np.float64)

    core = min(len(ranked), settings.max_distinct)
    clusters = average_linkage(
        x[:core] @ x[:core].T, settings.group_threshold, weights=counts[:core]
    )
    if core < len(ranked):  # the long tail joins its closest group, or stands alone
        centroids = unit_rows(np.vstack([counts[c] @ x[c] for c in clusters]))
        sims = x[core:] @ centroids.T
        for off, row in enumerate(sims):
            k = int(row.argmax())
            if row[k] >= settings.group_threshold:
                clusters[k].append(core + off)
            else:
                clusters.append([core + off])

    # Only clusters clearly on a topic join: a stray "what song is this" leans a little
    # towards price ("what is the price") but must not join the price questions.
    clusters = _merge_same_topic(
        clusters, x, counts, aff, settings.merge_floor, settings.topic_merge
    )
    # Wordings alike on the surface can still ask different things (哺乳期 vs 宝宝).
    from livegen.chat.faqmatch import split_by_concepts

    clusters = split_by_concepts(clusters, ranked, counts.tolist())
    groups = []
    for members in clusters:
        g = _Group(members=members)
        g.count = int(counts[members].sum())
        w = counts[members]
        sub = x[members] @ x[members].T
        # The most asked wording among those central to the group reads best as its name.
        central = sub @ w
        eligible = np.flatnonzero(central >= 0.8 * central.max())
        g.rep = members[int(max(eligible, key=lambda k: (w[k], central[k])))]
        topic_score = (w @ aff[members]) / w.sum()
        best = int(topic_score.argmax())
        if topic_score[best] >= topics.min_similarity:
            g.topic = topics.topics[best].key
        g.messages = sorted((m for i in members for m in by_text[ranked[i]]), key=lambda m: m.time)
        groups.append(g)
    groups.sort(key=lambda g: (-g.count, g.messages[0].time))
    return groups, ranked, q, aff, faq_rows


def _faq_match(
    g: _Group,
    ranked: Sequence[str],
    counts: dict[str, int],
    q: np.ndarray,
    faq_rows: np.ndarray,
    faq: Sequence[str],
    threshold: float,
    answers: Sequence[str] | None = None,
) -> tuple[str | None, float]:
    """The FAQ entry that answers the group's question (`livegen.chat.faqmatch`): its
    representative and most common wordings, matched by concept, wording as tie-break."""
    from livegen.chat.faqmatch import best_entry

    if not faq:
        return None, 0.0
    members = sorted(g.members, key=lambda i: (i != g.rep, -counts[ranked[i]]))[:5]
    sims = q[members] @ faq_rows.T
    match = best_entry([ranked[i] for i in members], faq, sims.tolist(), threshold, answers=answers)
    return (faq[match.index] if match.index is not None else None), match.similarity


# --------------------------------------------------------------------------- main


def analyze_chat(
    messages: Sequence[ChatMessage],
    *,
    source: str,
    spec: ProductSpec | None = None,
    spec_source: str | None = None,
    settings: Settings | None = None,
    reporter: Reporter | None = None,
) -> ChatReport:
    """Everything in one pass over the log; raises InputError for an empty log."""
    settings = settings or Settings()
    reporter = reporter or NullReporter()
    if not messages:
        raise InputError(f"{source}: no chat messages found")
    msgs = sorted(messages, key=lambda m: m.time)
    if msgs[0].time < 0:
        raise InputError(f"{source}: message times must not be negative (got {msgs[0].time:g} s)")
    texts = [m.text for m in msgs]
    lang = chat_language(texts)
    lex = load_lexicon()
    topics = load_topics()
    notes: list[str] = []
    duration = msgs[-1].time

    lint_hits = lint_violations(texts, spec=spec)
    spam = spam_reasons(msgs, lex, lint_hits)

    # With a spec, a bare mention of what one FAQ entry asks about is a question too.
    words = None
    if spec is not None and spec.faq:
        from livegen.chat.faqwords import faq_words

        words = faq_words(tuple(f.question for f in spec.faq), tuple(f.answer for f in spec.faq))
    negative: list[FlaggedMessage] = []
    intents: list[ChatMessage] = []
    questions: list[ChatMessage] = []
    for i, m in enumerate(msgs):
        if any(not r.startswith("lint:") for r in spam.get(i, ())):
            continue  # ads and floods say nothing about the audience; a viewer's
            # superlative ("最好用的是哪款？") is still a question
        reasons = negative_reasons(m.text, lex)
        if reasons:
            negative.append(FlaggedMessage(time=m.time, user=m.user, text=m.text, reasons=reasons))
        if is_intent(m.text, lex):
            intents.append(m)
        if is_question(m.text) or (words is not None and words.named_alone(m.text)):
            questions.append(m)

    faq = [f.question for f in spec.faq] if spec else []
    answers = [f.answer for f in spec.faq] if spec else []
    groups_out: list[QuestionGroup] = []
    if questions:
        with reporter.task("grouping questions", total=None):
            groups, ranked, q, _aff, faq_rows = group_questions(questions, topics, faq, settings)
        counts = {k: 0 for k in ranked}
        for m in questions:
            key = normalize(m.text).strip("?？ ")
            if key in counts:
                counts[key] += 1
        labels = {t.key: t for t in topics.topics}
        for g in groups[: settings.top]:
            wordings = Counter(m.text.strip() for m in g.messages)
            rep_text = next(
                (
                    w
                    for w, _ in wordings.most_common()
                    if normalize(w).strip("?？ ") == ranked[g.rep]
                ),
                wordings.most_common(1)[0][0],
            )
            variants = [w for w, _ in wordings.most_common() if w != rep_text][:5]
            topic = labels.get(g.topic)
            answered: bool | None = None
            faq_q: str | None = None
            faq_sim: float | None = None
            if spec is not None:
                faq_q, sim = _faq_match(
                    g, ranked, counts, q, faq_rows, faq, settings.faq_threshold, answers
                )
                answered = faq_q is not None
                faq_sim = round(sim, 3)
            groups_out.append(
                QuestionGroup(
                    topic=g.topic,
                    topic_label=topic.name(lang)
                    if topic
                    else ("其他" if lang == "zh" else "other"),
                    question=rep_text,
                    count=g.count,
                    viewers=len({m.user or f"#{k}" for k, m in enumerate(g.messages)}),
                    first=round(g.messages[0].time, 2),
                    last=round(g.messages[-1].time, 2),
                    variants=variants,
                    answered=answered,
                    faq_question=faq_q,
                    faq_similarity=faq_sim,
                )
            )

    spam_out = [
        FlaggedMessage(time=msgs[i].time, user=msgs[i].user, text=msgs[i].text, reasons=r)
        for i, r in sorted(spam.items())
    ]
    bucket = settings.bucket or pick_bucket(duration)
    return ChatReport(
        source=source,
        language="zh" if lang == "zh" else "en",
        messages=len(msgs),
        viewers=len({m.user for m in msgs if m.user}),
        duration=round(duration, 2),
        rate=message_rate([m.time for m in msgs], duration, bucket),
        question_messages=len(questions),
        questions=groups_out,
        intent_messages=len(intents),
        intent_moments=intent_moments(intents, duration, settings.intent_bin),
        negative=negative,
        spam=spam_out,
        spec=spec_source,
        notes=notes,
    )


def placeholder_answer(question: str) -> str:
    return "（待主播补充）" if has_cjk(question) else "(to be answered by the host)"
