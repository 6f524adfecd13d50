"""`livegen chat`: grouping by meaning, intent moments, spam, FAQ output, CLI contract."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from chat_labelled import EN_SPAM, INTENT_AT, ZH_SPAM

from livegen.chat import Settings, analyze_chat
from livegen.chat.analyze import group_questions
from livegen.chat.lexicon import load_topics
from livegen.chat.text import is_question
from livegen.chat.vectors import average_linkage
from livegen.chatlog import ChatMessage, load_chat
from livegen.errors import ExitCode
from livegen.schemas.chat import ChatReport
from livegen.spec import load_spec

EXPECTED_TOPIC = {"price": "price", "shipping": "shipping", "buy": "how_to_buy"}


def _spec(tmp_path: Path, lang: str, faq: list[dict[str, str]]) -> Path:
    data = {
        "name": "水润面霜" if lang == "zh" else "Phone stand",
        "price": 99,
        "language": lang,
        "selling_points": ["保湿" if lang == "zh" else "aluminium"],
        "faq": faq,
    }
    path = tmp_path / f"spec.{lang}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_questions_are_grouped_by_meaning(labelled_log) -> None:
    _, path, labels = labelled_log
    msgs = load_chat(path)
    questions = [m for m in msgs if m.text in labels]
    assert all(is_question(m.text) for m in questions)
    groups, *_ = group_questions(questions, load_topics(), [], Settings())
    total = sum(len(g.messages) for g in groups)
    purity = (
        sum(Counter(labels[m.text] for m in g.messages).most_common(1)[0][1] for g in groups)
        / total
    )
    by_label = Counter(labels[m.text] for m in questions)
    recall = sum(
        max(sum(labels[m.text] == lab for m in g.messages) for g in groups) for lab in by_label
    ) / len(questions)
    assert purity >= 0.8, purity
    assert recall >= 0.8, recall
    for g in groups[:4]:
        label = Counter(labels[m.text] for m in g.messages).most_common(1)[0][0]
        if label in EXPECTED_TOPIC:
            assert g.topic == EXPECTED_TOPIC[label]


def test_report_finds_the_purchase_burst_and_the_spam(labelled_log) -> None:
    lang, path, labels = labelled_log
    report = analyze_chat(load_chat(path), source=str(path), settings=Settings(top=50))
    assert report.language == lang
    assert len(report.intent_moments) == 1
    moment = report.intent_moments[0]
    assert INTENT_AT[0] - 1 <= moment.start and moment.end <= INTENT_AT[1] + 1
    assert moment.count >= 25
    spam_texts = {f.text for f in report.spam}
    assert spam_texts == set(ZH_SPAM if lang == "zh" else EN_SPAM)
    assert report.question_messages == sum(1 for m in load_chat(path) if m.text in labels)
    assert sum(g.count for g in report.questions) == report.question_messages


def test_short_messages_are_never_counted_as_flood() -> None:
    msgs = [ChatMessage(float(i), "fan", "上链接") for i in range(8)]
    report = analyze_chat(msgs, source="x")
    assert report.spam == []
    msgs = [ChatMessage(float(i), "bot", "关注我主页有惊喜福利") for i in range(5)]
    assert next(f.reasons for f in analyze_chat(msgs, source="x").spam) == ["flood"]


@pytest.mark.parametrize(
    "text",
    [
        "多少钱",
        "适合干皮吗",
        "发什么快递？",
        "几号链接",
        "how much?",
        "does it fit an ipad",
        "where is the link",
        # unmarked: particles, A-not-A, alternatives, trailing fillers
        "宝妈能用不",
        "发了没",
        "甜不甜",
        "喜欢不喜欢",
        "新米还是陈米",
        "能退不啊",
        "真的假的啊这个",
        "这个多大的",
        # English: a wh-phrase anywhere, inversion inside, elliptic and "A or B"
        "ship to TX how long",
        "my son wants some is that ok",
        "safe for my toddler",
        "u ship to canada",
        "milk or water",
        "wireless charging ok",
    ],
)
def test_questions_are_recognised(text: str) -> None:
    assert is_question(text)


@pytest.mark.parametrize(
    "text",
    [
        "哈哈哈",
        "买了",
        "主播好美",
        "love it",
        "bought!",
        "发货太慢了",
        "can't hear you",
        "我还是喜欢这个",
        "还是很好用",
        "我不",
        "没有",
        "that is it",
        "i love it when you talk",
        "what a deal",
        "how cute is that",
        "this or that!",
    ],
)
def test_statements_are_not_questions(text: str) -> None:
    assert not is_question(text)


def test_average_linkage_stops_at_the_threshold() -> None:
    import numpy as np

    sim = np.array([[1, 0.9, 0.1, 0.0], [0.9, 1, 0.2, 0.1], [0.1, 0.2, 1, 0.8], [0.0, 0.1, 0.8, 1]])
    assert sorted(average_linkage(sim, 0.5)) == [[0, 1], [2, 3]]
    assert average_linkage(sim, 0.05) == [[0, 1, 2, 3]]
    assert len(average_linkage(sim, 0.95)) == 4


def test_spec_faq_marks_matching_groups_answered(tmp_path, labelled_log) -> None:
    lang, path, _ = labelled_log
    faq = (
        [{"question": "这个多少钱？", "answer": "到手价99元"}]
        if lang == "zh"
        else [{"question": "How much is it?", "answer": "19 dollars today."}]
    )
    spec = load_spec(_spec(tmp_path, lang, faq))
    report = analyze_chat(load_chat(path), source="log", spec=spec, settings=Settings(top=50))
    by_topic = {g.topic: g for g in reversed(report.questions)}  # the biggest group wins
    assert by_topic["price"].answered is True
    assert by_topic["price"].faq_question == faq[0]["question"]
    assert by_topic["shipping"].answered is False


def test_to_faq_output_merges_into_a_spec_that_loads(tmp_path, invoke, labelled_log) -> None:
    lang, path, _ = labelled_log
    faq = (
        [{"question": "多少钱", "answer": "99元"}]
        if lang == "zh"
        else [{"question": "how much?", "answer": "19 dollars"}]
    )
    spec_path = _spec(tmp_path, lang, faq)
    out = tmp_path / "faq.yaml"
    code, stdout, err = invoke(
        "chat", str(path), "--spec", str(spec_path), "--to-faq", str(out), "--top", "5"
    )
    assert code == 0, err
    assert "Top questions" in stdout
    entries = yaml.safe_load(out.read_text(encoding="utf-8"))["faq"]
    assert 1 <= len(entries) <= 5
    placeholder = "（待主播补充）" if lang == "zh" else "(to be answered by the host)"
    assert all(e["answer"] == placeholder for e in entries)
    assert all(e["question"] not in ("多少钱", "how much?") for e in entries)
    merged = yaml.safe_load(spec_path.read_text(encoding="utf-8"))
    merged["faq"] += entries
    merged_path = tmp_path / "merged.yaml"
    merged_path.write_text(yaml.safe_dump(merged, allow_unicode=True), encoding="utf-8")
    assert len(load_spec(merged_path).faq) == 1 + len(entries)


def test_existing_faq_file_is_not_overwritten_without_force(tmp_path, invoke, labelled_log) -> None:
    _, path, _ = labelled_log
    out = tmp_path / "faq.yaml"
    out.write_text("keep", encoding="utf-8")
    code, stdout, err = invoke("chat", str(path), "--to-faq", str(out))
    assert code == ExitCode.USAGE and stdout == ""
    assert "already exists" in err
    assert out.read_text(encoding="utf-8") == "keep"
    code, _, err = invoke("chat", str(path), "--to-faq", str(out), "--force")
    assert code == 0, err
    assert out.read_text(encoding="utf-8").startswith("#")


def test_json_output_is_a_versioned_report(invoke, labelled_log) -> None:
    _, path, _ = labelled_log
    code, stdout, _ = invoke("chat", str(path), "--format", "json", "--top", "3")
    assert code == 0
    data = json.loads(stdout)
    assert data["schema_version"] == "1"
    report = ChatReport.model_validate(data)
    assert len(report.questions) == 3
    assert report.rate.bucket_seconds == 60  # a 10-minute log: per-minute buckets
    assert sum(b.count for b in report.rate.buckets) == report.messages


@pytest.mark.parametrize("content", ["{not json\n", "time,user\n1,a\n", ""])
def test_bad_log_exits_2_with_one_line(tmp_path, invoke, content: str) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(content, encoding="utf-8")
    code, stdout, err = invoke("chat", str(bad))
    assert code == ExitCode.USAGE
    assert stdout == ""
    assert err.startswith("error: ") and "Traceback" not in err
    assert len([ln for ln in err.splitlines() if ln.startswith("error")]) == 1


def test_missing_log_and_bad_format_are_usage_errors(tmp_path, invoke) -> None:
    code, _, err = invoke("chat", str(tmp_path / "nope.jsonl"))
    assert code == ExitCode.USAGE and "no such file" in err
    log = tmp_path / "ok.jsonl"
    log.write_text('{"time": 1, "user": "a", "text": "多少钱"}\n', encoding="utf-8")
    code, _, err = invoke("chat", str(log), "--format", "xml")
    assert code == ExitCode.USAGE and "--format" in err


def test_lint_rules_flag_rule_breaking_chat_messages() -> None:
    msgs = [
        ChatMessage(1.0, "a", "全网销量第一名"),
        ChatMessage(2.0, "b", "好看"),
        ChatMessage(3.0, "c", "第一名的是哪款？"),
    ]
    report = analyze_chat(msgs, source="x")
    flagged = {f.text: f.reasons for f in report.spam}
    assert set(flagged) == {"全网销量第一名", "第一名的是哪款？"}
    assert all(r.startswith("lint:zh.absolute") for rs in flagged.values() for r in rs)
    assert report.question_messages == 1  # a rule-breaking question is still a question
    assert report.notes == []


def test_sample_log_report_on_stdout_and_notes_on_stderr(cli) -> None:
    sample = Path(__file__).resolve().parents[2] / "samples" / "live-demo.en.chat.jsonl"
    res = cli("chat", str(sample), "--top", "5")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("Chat log ")
    assert "Purchase intent" in res.stdout and "warning" not in res.stdout


def test_csv_log_with_absolute_timestamps_is_read_relative_to_the_first(tmp_path, invoke) -> None:
    log = tmp_path / "export.csv"
    rows = ["timestamp,nickname,comment"]
    for i in range(12):
        rows.append(f"2025-06-18T20:{i:02d}:00+08:00,u{i},多少钱")
    log.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, out, err = invoke("chat", str(log), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["duration"] == 660
    assert data["questions"][0]["count"] == 12 and data["questions"][0]["topic"] == "price"


def test_to_faq_on_stdout_carries_only_the_yaml(invoke, labelled_log) -> None:
    _, path, _ = labelled_log
    code, out, _ = invoke("chat", str(path), "--to-faq", "-", "--top", "3")
    assert code == 0
    data = yaml.safe_load(out)
    assert list(data) == ["faq"] and len(data["faq"]) == 3
