"""The README's Python examples run as shown."""

import pathlib
import re

import pytest

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def examples():
    text = README.read_text()
    section = text[text.index("\n## Python\n") :]
    section = section[: section.index("\n## ", 1)]
    return re.findall(r"```python\n(.*?)```", section, re.S)


@pytest.mark.parametrize("code", examples())
def test_readme_example(code):
    exec(compile(code, "README.md", "exec"), {"__name__": "readme"})


def test_readme_has_examples():
    assert len(examples()) >= 4
