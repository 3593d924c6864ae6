"""Prompt files: rendered as shipped, and the loader's refusals (like simonw/llm's templates)."""

from pathlib import Path

import pytest

from assistant.prompts import MissingVariables, PromptError, load_template, parse_template


@pytest.mark.parametrize(
    "name,params,expected_in_prompt,expected_in_system",
    [
        (
            "answer",
            {"question": "Ai ký?", "passages": "[1] Kế hoạch — I. Mục đích\nCHỦ TỊCH Đặng Văn Minh"},
            ["Câu hỏi: Ai ký?", "[1] Kế hoạch — I. Mục đích", "tối đa 400 ký tự", "[1] hoặc [1][2]"],
            ["văn bản chỉ đạo", "chỉ trả lời dựa trên các đoạn trích"],
        ),
        (
            "answer",
            {"question": "Q", "passages": "P", "max_chars": 250, "not_found": "Không có."},
            ["tối đa 250 ký tự", "chỉ viết: Không có."],
            [],
        ),
        (
            "followup",
            {"history": "Cơ quan nào phải số hóa dữ liệu hộ tịch?", "question": "Còn Sở Y tế thì sao?"},
            ["Cơ quan nào phải số hóa dữ liệu hộ tịch?", "Câu hỏi mới: Còn Sở Y tế thì sao?", "một dòng"],
            ["câu hỏi nối tiếp"],
        ),
    ],
)
def test_shipped_prompts_render(name, params, expected_in_prompt, expected_in_system):
    system, prompt = load_template(name).render(**params)
    assert "$" not in prompt and "$" not in system
    for text in expected_in_prompt:
        assert text in prompt
    for text in expected_in_system:
        assert text in system


@pytest.mark.parametrize(
    "text,params,expected,error",
    [
        ("prompt: 'S: $input'", {"input": "x"}, ("", "S: x"), None),
        ("system: 'sys $a'\nprompt: '$a and $b'", {"a": 1, "b": 2}, ("sys 1", "1 and 2"), None),
        ("prompt: '$one and $two'", {}, None, "missing variables: one, two"),
        ("prompt: '$one and $two'\ndefaults: {one: 1}", {"two": 2}, ("", "1 and 2"), None),
        ("prompt: '$one'\ndefaults: {one: 99}", {"one": 1}, ("", "1"), None),
        ("prompt: 'costs $$5 for ${n}'", {"n": "x"}, ("", "costs $5 for x"), None),
        ("prompt: 'No vars'", {"unused": 1}, ("", "No vars"), None),
    ],
)
def test_template_render(text, params, expected, error):
    template = parse_template("t", text)
    if error:
        with pytest.raises(MissingVariables, match=error):
            template.render(**params)
    else:
        assert template.render(**params) == expected


@pytest.mark.parametrize(
    "text,error",
    [
        ("prompt: hi\nsystm: typo", "unknown keys: systm"),
        ("prompt: hi\nmodel: x", "unknown keys: model"),
        ("system: only a system", "'prompt' must be non-empty"),
        ("just a string", "expected keys"),
        ("prompt: [unclosed", "not valid YAML"),
        ("prompt: hi\ndefaults: [1, 2]", "'defaults' a mapping"),
    ],
)
def test_bad_template_files_are_refused(text, error):
    with pytest.raises(PromptError, match=error):
        parse_template("t", text)


def test_missing_file_names_it(tmp_path: Path):
    with pytest.raises(PromptError, match="no file"):
        load_template("answer", tmp_path)


def test_a_prompt_changes_without_code(tmp_path: Path):
    (tmp_path / "answer.yaml").write_text("prompt: 'Hỏi: $question'\n", encoding="utf-8")
    assert load_template("answer", tmp_path).render(question="Ai?") == ("", "Hỏi: Ai?")
