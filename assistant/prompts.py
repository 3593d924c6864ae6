"""Prompt templates: YAML files in prompts/ with `$variables`.

A prompt is changed by editing its file, never the code. Like simonw/llm's
templates: a file may hold only the known keys (a misspelt key would
otherwise be silently ignored), and rendering raises when a variable has no
value rather than sending a literal "$passages" to the model.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
KEYS = ("system", "prompt", "defaults")


class PromptError(ValueError):
    """A prompt file that cannot be used; the message names the file and the problem."""


class MissingVariables(PromptError):
    pass


@dataclass(frozen=True)
class Template:
    name: str
    prompt: str
    system: str = ""
    defaults: dict[str, Any] = field(default_factory=dict)

    @property
    def variables(self) -> list[str]:
        return sorted({*template_vars(self.system), *template_vars(self.prompt)})

    def render(self, **params: Any) -> tuple[str, str]:
        """(system, prompt) with every $variable filled; params beat defaults."""
        values = {**self.defaults, **params}
        missing = [v for v in self.variables if v not in values]
        if missing:
            raise MissingVariables(f"prompt '{self.name}': missing variables: {', '.join(missing)}")
        return (
            string.Template(self.system).substitute(values),
            string.Template(self.prompt).substitute(values),
        )


def template_vars(text: str) -> list[str]:
    """Names of the $variables in `text` ($$ is a literal dollar)."""
    t = string.Template(text)
    return [
        m.group("named") or m.group("braced") for m in t.pattern.finditer(text) if m.group("named") or m.group("braced")
    ]


def parse_template(name: str, text: str) -> Template:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise PromptError(f"prompt '{name}': not valid YAML: {e}") from e
    if not isinstance(data, dict):
        raise PromptError(f"prompt '{name}': expected keys {', '.join(KEYS)}")
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise PromptError(f"prompt '{name}': unknown keys: {', '.join(map(str, unknown))} (allowed: {', '.join(KEYS)})")
    if not isinstance(data.get("prompt"), str) or not data["prompt"].strip():
        raise PromptError(f"prompt '{name}': 'prompt' must be non-empty text")
    system = data.get("system") or ""
    defaults = data.get("defaults") or {}
    if not isinstance(system, str) or not isinstance(defaults, dict):
        raise PromptError(f"prompt '{name}': 'system' must be text and 'defaults' a mapping")
    return Template(name, data["prompt"], system, {str(k): v for k, v in defaults.items()})


def load_template(name: str, directory: Path = PROMPTS_DIR) -> Template:
    path = directory / f"{name}.yaml"
    if not path.is_file():
        raise PromptError(f"prompt '{name}': no file {path}")
    return parse_template(name, path.read_text(encoding="utf-8"))
