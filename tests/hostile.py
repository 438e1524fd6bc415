"""What an attacker would put into a trainer's tables, a log or a student's file name, and a
checker that finds any of it alive in HTML or SVG the kit made."""

from __future__ import annotations

import csv
import html.parser
import io
import re
from pathlib import Path

import stretchkit as sk
from stretchkit.schema import TABLES

FLAG = "__sk_pwned"

#: Each would set ``window.__sk_pwned`` if a browser took it as markup.
PAYLOADS = [
    f'<img src=x onerror="window.{FLAG}=1">',
    f"<script>window.{FLAG}=1</script>",
    f'"><svg onload="window.{FLAG}=1">',
    f'\'><iframe src="javascript:window.{FLAG}=1"></iframe>',
    f'<a href="javascript:window.{FLAG}=1">click</a>',
    f'<div style="background:url(javascript:window.{FLAG}=1)">x</div>',
    f"</title></text></svg><img src=x onerror=window.{FLAG}=1>",
    f"</style><script>window.{FLAG}=1</script><style>",
    f"<details open ontoggle=window.{FLAG}=1>",
    f'<object data="javascript:window.{FLAG}=1"></object>',
    f"<math><mtext><table><mglyph><style><img src=x onerror=window.{FLAG}=1>",
    f"{{0}} {{name}} %s &amp; $x^2$ <b>bold</b> \"quote\" 'apos' <!-- {FLAG} -->",
]

#: Safe file names for a student's exported log (no '/' and no NUL, which no name can hold).
FILE_NAMES = [
    f"<img src=x onerror=window.{FLAG}=1>.csv",
    f"'\"><svg onload=window.{FLAG}=1>.csv",
    "&lt;b&gt;ben.csv",
]


def hostile_catalog(folder: Path) -> Path:
    """The built-in tables with a payload in every text cell of every table.

    Names keep their old text in front and the old name becomes an alias, so every lesson can
    still find ``"Cat-Cow"`` by name; ids, categories and numbers cannot hold markup (the
    catalog refuses it) and stay as they are.
    """
    sk.copy_tables(folder)
    n = 0
    for table in TABLES.values():
        path = folder / table.file
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
        header, body = rows[0], rows[1:]
        text_columns = [c.name for c in table.columns if c.kind == "text"]
        for row in body:
            old_name = None
            for col in text_columns:
                i = header.index(col)
                payload = PAYLOADS[n % len(PAYLOADS)]
                n += 1
                if col == "name":
                    old_name = row[i]
                    row[i] = f"{row[i]} {payload}"
                elif col == "aliases":
                    row[i] = ";".join(
                        [a for a in (row[i].split(";") if row[i] else []) if a]
                        + [f"{row[0]} {payload}".replace(";", ",")]
                    )
                else:
                    row[i] = f"{row[i]} {payload}".strip()
            if old_name is not None and "aliases" in header:
                i = header.index("aliases")
                row[i] = ";".join([old_name, *(a for a in row[i].split(";") if a)])
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerows([header, *body])
        path.write_text(out.getvalue(), encoding="utf-8")
    return folder


_ALLOWED_TAGS = {
    # what the kit's own markup is made of
    "a", "article", "br", "caption", "circle", "code", "dd", "defs", "details", "div", "dl",
    "dt", "em", "summary",
    "g", "h1", "h2", "h3", "h4", "li", "line", "ol", "p", "path", "pattern", "rect", "section",
    "small", "strong", "style", "svg", "table", "tbody", "td", "text", "th", "thead", "title",
    "tr", "ul",
    # a chart's text alternative, and what matplotlib's SVG of a chart is made of; <use> and
    # <image> only point into the drawing itself or at a PNG inside it (checked below)
    "desc", "clippath", "use", "image",
}  # fmt: skip
_OWN_REFERENCE = re.compile(r"^(#[\w-]+|data:image/png;base64,[A-Za-z0-9+/=\s]*)$")
_URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "background"}
# Attributes a browser reads as CSS, where url() fetches or runs something.
_CSS_ATTRIBUTES = {
    "style", "fill", "stroke", "filter", "mask", "clip-path", "marker-start", "marker-mid",
    "marker-end", "cursor", "background",
}  # fmt: skip
_OWN_URL = re.compile(r"url\(#[\w-]+\)")


class _Checker(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        if tag not in _ALLOWED_TAGS:
            self.problems.append(f"live element <{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"event handler {name}= on <{tag}>")
            squeezed = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
            if name in _URL_ATTRIBUTES and squeezed.startswith(("javascript:", "vbscript:")):
                self.problems.append(f"script URL in {name}= on <{tag}>")
            if name in _URL_ATTRIBUTES and squeezed.startswith("data:text/html"):
                self.problems.append(f"HTML data URL in {name}= on <{tag}>")
            if name in _CSS_ATTRIBUTES and "url(" in _OWN_URL.sub("", squeezed):
                self.problems.append(f"CSS url() in {name}= on <{tag}>")
            own = _OWN_REFERENCE.match(value)
            if tag in ("use", "image") and name in ("href", "xlink:href") and not own:
                self.problems.append(f"outside reference in {name}= on <{tag}>")
        self._in_style = tag == "style"

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            if "url(" in data.lower() or "expression(" in data.lower():
                self.problems.append("CSS url() or expression() in <style>")
            return
        self.text.append(data)

    def handle_comment(self, data):
        self.problems.append("a comment (markup that was not escaped)")


def live_markup(markup: str) -> tuple[list[str], str]:
    """The live parts of ``markup`` (elements the kit never makes, event handlers, script
    URLs, CSS ``url()``) and the text a reader would see."""
    checker = _Checker()
    checker.feed(str(markup))
    checker.close()
    return checker.problems, "".join(checker.text)
