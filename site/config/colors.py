"""WCAG colour contrast, and the accent colours derived from a practice's brand colour."""
from __future__ import annotations

import re
from dataclasses import dataclass

HEX = re.compile(r"^#([0-9a-fA-F]{6})$")
LIGHT_BACKGROUND = "#fbf9f5"
LIGHT_TINT = "#eef3f1"  # the darkest light-scheme surface the accent sits on (notes, contents)
DARK_BACKGROUND = "#151b1d"
DARK_TINT = "#22302d"  # the lightest dark-scheme surface the accent sits on
DEFAULT_ACCENT = ("#2f5f68", "#8cc3cb")
AA = 4.5


def parse(color: str) -> tuple[int, int, int]:
    value = HEX.match(color.strip())
    if not value:
        raise ValueError(f'"{color}" is not a colour like "#2f5f68"')
    digits = value.group(1)
    return int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16)


def to_hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0, min(255, c))):02x}" for c in rgb)


def luminance(color: str) -> float:
    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = parse(color)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    """The WCAG contrast ratio of two colours (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def mix(color: str, other: str, amount: float) -> str:
    a, b = parse(color), parse(other)
    return to_hex(tuple(x + (y - x) * amount for x, y in zip(a, b)))


@dataclass(frozen=True)
class Accent:
    """The accent for light and dark schemes, with readable text colours on each."""

    light: str
    light_text: str
    dark: str
    dark_text: str


def accent_from(color: str) -> Accent:
    """Derive the dark-scheme accent by lightening until it reads on every dark surface."""
    if color.lower() == DEFAULT_ACCENT[0]:
        return Accent(color, text_on(color), DEFAULT_ACCENT[1], text_on(DEFAULT_ACCENT[1]))
    dark = color
    step = 0.0
    while min(contrast(dark, DARK_BACKGROUND), contrast(dark, DARK_TINT)) < AA and step < 1:
        step += 0.05
        dark = mix(color, "#ffffff", step)
    return Accent(color, text_on(color), dark, text_on(dark))


def text_on(color: str) -> str:
    return "#ffffff" if contrast(color, "#ffffff") >= contrast(color, "#10191b") else "#10191b"
