"""The quiz, one question at a time: pick an answer, check it, read why, see the score."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable

import anywidget
import ipywidgets as widgets
import pandas as pd
import traitlets

from ..markup import Html, html, join
from ..quiz import TOPICS, check_quiz, make_quiz, score_quiz

__all__ = ["LiveRegion", "quiz"]

PROJECTOR_CSS = (
    "<style>.sk-quiz{--jp-widgets-font-size:16px;--jp-widgets-inline-height:34px;"
    "--jp-widgets-inline-label-width:120px;font-size:16px;max-width:60em}"
    ".sk-quiz .sk-quiz-question h3{font-size:1.15em;margin:0.3em 0}"
    ".sk-quiz .sk-quiz-question p{font-size:1.35em;line-height:1.35;margin:0.2em 0 0.5em}"
    ".sk-quiz .sk-quiz-choices label{font-size:1.15em;line-height:1.6}"
    ".sk-quiz .sk-quiz-verdict{border:3px solid #333;border-radius:6px;padding:0.5em 1em;"
    "font-size:1.1em;line-height:1.45;color:#111}"
    ".sk-quiz .sk-quiz-right{background:#e6f4ea}"
    ".sk-quiz .sk-quiz-wrong{background:#fff8e1}"
    ".sk-quiz .sk-quiz-score p,.sk-quiz .sk-quiz-score li{font-size:1.1em;line-height:1.45}"
    "</style>"
)
_WIDE = {"description_width": "initial"}


class LiveRegion(anywidget.AnyWidget):
    """HTML shown in one live region that stays on the page (``role="status"``,
    ``aria-live="polite"``): only its content changes, so screen readers announce each change.
    An HTML widget would put a new element on the page each time, which they may not read."""

    _esm = """
function render({ model, el }) {
  const region = document.createElement("div");
  region.className = "sk-live-region";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  el.appendChild(region);
  const update = () => { region.innerHTML = model.get("value"); };
  model.on("change:value", update);
  update();
  return () => model.off("change:value", update);
}
export default { render };
"""
    #: The HTML inside the region; escape any text that comes from the tables.
    value = traitlets.Unicode("").tag(sync=True)


def _classed(widget, css_class: str):
    widget.add_class(css_class)
    return widget


def _quote(text: str) -> Html:
    return html("“{}”", str(text))


def quiz(
    questions: pd.DataFrame | None = None,
    *,
    n: int = 10,
    seed: int = 0,
    topics: Iterable[str] | str | None = None,
    data_dir: str | os.PathLike | None = None,
) -> widgets.VBox:
    """Build the quiz widget (it is returned, not displayed).

    One question at a time: the choices are radio buttons labelled ``Your answer`` (the
    arrow keys move between them), ``Check`` says in words whether the answer is right and
    explains it from the tables, ``Next question`` moves on, and the score runs below. After
    the last question the final score lists each question missed with its right answer.
    ``Start again`` makes a new quiz with the next seed; a quiz given as ``questions`` (a
    trainer's, made with :func:`stretchkit.make_quiz`) starts again with the same questions.

    The verdict is said in words in ``feedback``, one live region that stays on the page
    (``role="status"``), so a screen reader announces it. Should anything go wrong while a
    button is handled, the reason is shown there too, never lost.

    Parameters
    ----------
    questions
        A table made by :func:`stretchkit.make_quiz`; without it, one is made from ``n``,
        ``seed``, ``topics`` and ``data_dir`` (see :func:`stretchkit.make_quiz`). Questions
        whose numbers repeat (two quizzes put together with ``pd.concat``) are renumbered
        1, 2, ...
    n
        How many questions to draw when ``questions`` is not given.
    seed
        The same seed draws the same questions.
    topics
        Only questions of these topics; every topic by default.
    data_dir
        A folder of a trainer's own tables; by default ``STRETCHKIT_DATA`` or the built-in
        tables.

    Attributes of the returned box: ``questions`` (the quiz being asked), ``seed``,
    ``position`` (index of the current question), ``answers`` (dict: position of a question,
    from 0, to the text chosen), ``result`` (:func:`stretchkit.score_quiz` of the answers so
    far), ``finished``, ``error`` (the last problem shown in ``feedback``, or ``None``), and
    the parts ``question``, ``choices``, ``check``, ``next``, ``restart``, ``feedback`` (a
    :class:`LiveRegion`) and ``score``.

    Examples
    --------
    >>> q = quiz(n=2, seed=0)
    >>> q.choices.description, q.choices.value, q.next.disabled
    ('Your answer', None, True)
    >>> q.choices.value = q.questions.answer_text[0]
    >>> q.check.click()
    >>> "Right." in q.feedback.value, q.next.disabled
    (True, False)
    >>> q.next.click()
    >>> q.choices.value = [c for c in q.choices.options if c != q.questions.answer_text[1]][0]
    >>> q.check.click()
    >>> "Not quite." in q.feedback.value
    True
    >>> q.next.click()
    >>> q.finished, int(q.result["correct"].sum())
    (True, 1)
    >>> q.restart.click()
    >>> q.seed, q.finished, q.answers
    (1, False, {})
    """
    fixed = questions is not None
    if fixed:
        if (
            isinstance(questions, pd.DataFrame)
            and "question" in questions.columns
            and questions["question"].duplicated().any()
        ):
            questions = questions.assign(question=range(1, len(questions) + 1))
        check_quiz(questions)
        if questions.empty:
            raise ValueError("questions has no rows; pass a quiz made with make_quiz(n=...)")
        questions = questions.reset_index(drop=True)
    else:
        questions = make_quiz(n, seed=seed, topics=topics, data_dir=data_dir)

    header = _classed(widgets.HTML(), "sk-quiz-question")
    choices = _classed(
        widgets.RadioButtons(
            options=[], value=None, description="Your answer", style=_WIDE, layout={"width": "auto"}
        ),
        "sk-quiz-choices",
    )
    check = _classed(
        widgets.Button(
            description="Check",
            icon="check",
            button_style="primary",
            tooltip="Check your answer",
        ),
        "sk-quiz-check",
    )
    nxt = _classed(
        widgets.Button(description="Next question", icon="arrow-right", tooltip="Next question"),
        "sk-quiz-next",
    )
    restart = _classed(
        widgets.Button(description="Start again", icon="refresh", tooltip="A new quiz"),
        "sk-quiz-restart",
    )
    for button in (check, nxt, restart):
        button.layout.width = "auto"
    feedback = _classed(LiveRegion(), "sk-quiz-feedback")
    score = _classed(widgets.HTML(), "sk-quiz-score")
    asking = [choices, widgets.HBox([check, nxt])]

    def current() -> pd.Series:
        return box.questions.iloc[box.position]

    def shielded(handler: Callable[[], None]) -> Callable[..., None]:
        """A button handler whose errors are shown in the feedback area: an exception raised
        in a click callback would otherwise vanish, and the quiz would just stop."""

        @functools.wraps(handler)
        def run(_=None) -> None:
            try:
                handler()
            except Exception as e:  # shown, not raised: nobody would see it raised
                box.error = f"{type(e).__name__}: {e}"
                box.log.error("stretchkit quiz: %s", box.error)
                feedback.value = html(
                    '<div class="sk-quiz-verdict sk-quiz-wrong sk-quiz-error">'
                    "<strong>Something went wrong, so the quiz cannot go on:</strong> {}</div>",
                    box.error,
                )

        return run

    def update_score() -> None:
        given = [box.answers.get(i) for i in range(len(box.questions))]
        box.result = score_quiz(box.questions, given)
        total = len(box.questions)
        answered = len(box.answers)
        right = int(box.result["correct"].sum())
        if not box.finished:
            score.value = html(
                "<p>Score so far: {} right out of {} answered ({} questions in this quiz).</p>",
                right,
                answered,
                total,
            )
            return
        missed = box.result[~box.result["correct"]]
        parts = [html("<h3>Final score: {} out of {}</h3>", right, total)]
        if missed.empty:
            parts.append(Html("<p>You got every question right.</p>"))
        else:
            parts.append(Html("<p>To look at again:</p><ol>"))
            for row in missed.itertuples(index=False):
                chose = "no answer" if pd.isna(row.chosen) else _quote(row.chosen)
                parts.append(
                    html(
                        "<li value='{}'><strong>{}</strong><br>You chose {}; the answer is "
                        "{}.<br>{}</li>",
                        row.question,
                        row.text,
                        chose,
                        _quote(row.answer_text),
                        row.explanation,
                    )
                )
            parts.append(Html("</ol>"))
        parts.append(Html("<p>Press “Start again” for a new quiz.</p>"))
        score.value = join(parts)

    def show() -> None:
        row = current()
        total = len(box.questions)
        header.value = html(
            "<h3>Question {} of {} <small>({})</small></h3><p>{}</p>",
            box.position + 1,
            total,
            TOPICS.get(str(row.topic), str(row.topic)),
            row.text,
        )
        choices.options = list(row.choices)
        choices.value = None
        choices.disabled = False
        check.disabled = False
        nxt.disabled = True
        last = box.position == total - 1
        nxt.description = nxt.tooltip = "See my score" if last else "Next question"
        feedback.value = ""
        for part in asking:
            part.layout.display = None
        update_score()

    def on_check() -> None:
        if box.finished or check.disabled:
            return
        row = current()
        chosen = choices.value
        if chosen is None:
            feedback.value = (
                '<div class="sk-quiz-verdict sk-quiz-wrong">Pick an answer first: '
                "click a choice, or move to one with the arrow keys, then press Check.</div>"
            )
            return
        box.answers[box.position] = chosen
        if chosen == row.answer_text:
            verdict = html(
                '<div class="sk-quiz-verdict sk-quiz-right">'
                "<strong>&#10004; Right.</strong> The answer is {}.",
                _quote(row.answer_text),
            )
        else:
            verdict = html(
                '<div class="sk-quiz-verdict sk-quiz-wrong">'
                "<strong>&#10008; Not quite.</strong> You chose {}; the answer is {}.",
                _quote(chosen),
                _quote(row.answer_text),
            )
        feedback.value = html("{}<br>{}</div>", verdict, row.explanation)
        choices.disabled = True
        check.disabled = True
        nxt.disabled = False
        update_score()
        nxt.focus()

    def on_next() -> None:
        if box.finished or nxt.disabled:
            return
        if box.position + 1 < len(box.questions):
            box.position += 1
            show()
            choices.focus()
            return
        box.finished = True
        header.value = "<h3>Quiz finished</h3>"
        for part in asking:
            part.layout.display = "none"
        update_score()
        right = int(box.result["correct"].sum())
        feedback.value = html(
            "<p>Quiz finished: {} out of {} right. "
            "Your score and the questions to look at again are below.</p>",
            right,
            len(box.questions),
        )
        restart.focus()

    def on_restart() -> None:
        if not fixed:
            box.seed += 1
            box.questions = make_quiz(
                len(box.questions), seed=box.seed, topics=topics, data_dir=data_dir
            )
        box.position = 0
        box.answers = {}
        box.finished = False
        box.error = None
        show()
        choices.focus()

    check.on_click(shielded(on_check))
    nxt.on_click(shielded(on_next))
    restart.on_click(shielded(on_restart))

    box = widgets.VBox(
        [widgets.HTML(PROJECTOR_CSS), header, *asking, feedback, score, restart],
    )
    box.add_class("sk-quiz")
    box.questions = questions
    box.seed = seed
    box.position = 0
    box.answers = {}
    box.result = None
    box.finished = False
    box.error = None
    box.question = header
    box.choices = choices
    box.check = check
    box.next = nxt
    box.restart = restart
    box.feedback = feedback
    box.score = score
    show()
    return box
