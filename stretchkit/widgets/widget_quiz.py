"""The quiz, one question at a time: pick an answer, check it, read why, see the score."""

from __future__ import annotations

import operator
import os
from collections.abc import Callable, Iterable

import anywidget
import ipywidgets as widgets
import pandas as pd
import traitlets

from ..catalog import use_catalog
from ..errors import UnknownNameError
from ..figures import figure_svg
from ..markup import Html, html, join
from ..quiz import TOPICS, check_quiz, make_quiz, score_quiz
from .base import WIDE, KitWidget, classed

__all__ = ["LiveRegion", "Quiz", "quiz"]

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


def _quote(text: object) -> Html:
    return html("“{}”", str(text))


def _asked(questions: pd.DataFrame) -> pd.DataFrame:
    """A trainer's quiz as the widget asks it: checked, numbered 1, 2, ... and indexed from 0."""
    # Two quizzes put together with pd.concat repeat their numbers; renumbering a copy keeps
    # the trainer's table as it was.
    if (
        isinstance(questions, pd.DataFrame)
        and "question" in questions.columns
        and questions["question"].duplicated().any()
    ):
        questions = questions.assign(question=range(1, len(questions) + 1))
    check_quiz(questions)
    if questions.empty:
        raise ValueError("questions has no rows; pass a quiz made with make_quiz(n=...)")
    return questions.reset_index(drop=True)


class Quiz(KitWidget):
    """The quiz: a question, its choices, Check and Next, the verdict, the score, Start again.

    Build it with :func:`quiz`. The quiz speaks through :attr:`feedback`, one live region,
    so its status line (:attr:`status`) is not on screen; :meth:`show_error` writes there too.
    """

    #: The quiz being asked, a :func:`stretchkit.make_quiz` table numbered 1, 2, ...
    questions = traitlets.Instance(pd.DataFrame, allow_none=True)
    #: The seed the questions were drawn with; ``Start again`` draws with the next one.
    seed = traitlets.Int(0)
    #: The index of the question on screen, from 0.
    position = traitlets.Int(0)
    #: The answers checked so far: position of a question, from 0, to the text chosen.
    answers: traitlets.Dict[int, str] = traitlets.Dict()
    #: :func:`stretchkit.score_quiz` of the answers so far.
    result = traitlets.Instance(pd.DataFrame, allow_none=True)
    #: Whether the last question is done and the final score shown.
    finished = traitlets.Bool(False)

    def __init__(
        self,
        questions: pd.DataFrame | None = None,
        *,
        n: int = 10,
        seed: int = 0,
        topics: Iterable[str] | str | None = None,
        data_dir: str | os.PathLike | None = None,
    ):
        # The questions first, so bad arguments are explained before any widget is made.
        self._fixed = questions is not None
        if questions is not None:
            asked = _asked(questions)
            cat = None
        else:
            cat = use_catalog(data_dir=data_dir)  # read once, for the quiz and the widget
            asked = make_quiz(n, seed=seed, topics=topics, catalog=cat)
        super().__init__(css_class="sk-quiz", data_dir=data_dir, catalog=cat)
        self._topics = topics
        #: The question being asked (CSS class ``sk-quiz-question``).
        self.question = classed(widgets.HTML(), "sk-quiz-question")
        #: The choices, radio buttons labelled ``Your answer``.
        self.choices = classed(
            widgets.RadioButtons(
                options=[],
                value=None,
                description="Your answer",
                style=WIDE,
                layout={"width": "auto"},
            ),
            "sk-quiz-choices",
        )
        self.check = classed(
            widgets.Button(
                description="Check",
                icon="check",
                button_style="primary",
                tooltip="Check your answer",
            ),
            "sk-quiz-check",
        )
        self.next = classed(
            widgets.Button(
                description="Next question", icon="arrow-right", tooltip="Next question"
            ),
            "sk-quiz-next",
        )
        self.restart = classed(
            widgets.Button(description="Start again", icon="refresh", tooltip="A new quiz"),
            "sk-quiz-restart",
        )
        for button in (self.check, self.next, self.restart):
            button.layout.width = "auto"
        #: The verdict, in words, in one live region that stays on the page.
        self.feedback = classed(LiveRegion(), "sk-quiz-feedback")
        #: The score so far, then the final score with the questions missed.
        self.score = classed(widgets.HTML(), "sk-quiz-score")
        # Hidden together once the quiz is finished.
        self._asking = [self.choices, widgets.HBox([self.check, self.next])]

        self.check.on_click(self._on_check)
        self.next.on_click(self._on_next)
        self.restart.on_click(self._on_restart)

        self.children = [
            widgets.HTML(PROJECTOR_CSS),
            self.question,
            *self._asking,
            self.feedback,
            self.score,
            self.restart,
        ]
        self.questions = asked
        self.seed = operator.index(seed)
        self._show_question()

    # -- what the quiz does --

    def check_answer(self) -> None:
        """Check the chosen answer, say whether it is right and why, and update the score."""
        if self.finished or self.check.disabled:
            return
        row = self._row()
        chosen = self.choices.value
        if chosen is None:
            self.feedback.value = (
                '<div class="sk-quiz-verdict sk-quiz-wrong">Pick an answer first: '
                "click a choice, or move to one with the arrow keys, then press Check.</div>"
            )
            return
        self.answers = {**self.answers, self.position: chosen}
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
        self.feedback.value = html("{}<br>{}</div>", verdict, row.explanation)
        self.choices.disabled = True
        self.check.disabled = True
        self.next.disabled = False
        self._show_score()
        self.next.focus()

    def next_question(self) -> None:
        """Move to the next question, or after the last one show the final score."""
        if self.finished or self.next.disabled:
            return
        if self.position + 1 < len(self._quiz):
            self.position += 1
            self._show_question()
            self.choices.focus()
            return
        self.finished = True
        self.question.value = "<h3>Quiz finished</h3>"
        for part in self._asking:
            part.layout.display = "none"
        self._show_score()
        result = self.result
        assert result is not None  # _show_score has just set it
        right = int(result["correct"].sum())
        self.feedback.value = html(
            "<p>Quiz finished: {} out of {} right. "
            "Your score and the questions to look at again are below.</p>",
            right,
            len(self._quiz),
        )
        self.restart.focus()

    def start_again(self) -> None:
        """Start a new quiz drawn with the next seed; a trainer's quiz starts over as it is."""
        if not self._fixed:
            self.seed += 1
            self.questions = make_quiz(
                len(self._quiz), seed=self.seed, topics=self._topics, catalog=self.catalog
            )
        self.position = 0
        self.answers = {}
        self.finished = False
        self.error = None
        self._show_question()
        self.choices.focus()

    def show_error(self, text: str) -> None:
        """Show in :attr:`feedback` that the quiz cannot go on, and why; kept in :attr:`error`."""
        self.error = str(text)
        self.feedback.value = html(
            '<div class="sk-quiz-verdict sk-quiz-wrong sk-quiz-error">'
            "<strong>Something went wrong, so the quiz cannot go on:</strong> {}</div>",
            self.error,
        )

    # -- drawing --

    @property
    def _quiz(self) -> pd.DataFrame:
        """:attr:`questions`, which ``__init__`` sets before anything reads it and no method
        sets back to None."""
        questions = self.questions
        assert questions is not None
        return questions

    def _row(self) -> pd.Series:
        return self._quiz.iloc[self.position]

    def _picture(self, row) -> Html:
        """The picture a picture question asks about, without its name; a note if these tables
        do not have its stretch."""
        try:
            svg = figure_svg(str(row.subject), anonymous=True, height="11em", catalog=self.catalog)
        except UnknownNameError:
            return html(
                "<p><em>The picture of {} is not in these tables: make the quiz with the same "
                "data_dir as the widget.</em></p>",
                str(row.subject),
            )
        return html('<div class="sk-quiz-picture" style="margin:0.3em 0 0.6em">{}</div>', svg)

    def _show_question(self) -> None:
        row = self._row()
        total = len(self._quiz)
        self.question.value = html(
            "<h3>Question {} of {} <small>({})</small></h3><p>{}</p>{}",
            self.position + 1,
            total,
            TOPICS.get(str(row.topic), str(row.topic)),
            row.text,
            self._picture(row) if str(row.topic) == "picture" else Html(""),
        )
        self.choices.options = list(row.choices)
        self.choices.value = None
        self.choices.disabled = False
        self.check.disabled = False
        self.next.disabled = True
        last = self.position == total - 1
        self.next.description = self.next.tooltip = "See my score" if last else "Next question"
        self.feedback.value = ""
        for part in self._asking:
            part.layout.display = None
        self._show_score()

    def _show_score(self) -> None:
        quiz = self._quiz
        given = [self.answers.get(i) for i in range(len(quiz))]
        self.result = score_quiz(quiz, given)
        right = int(self.result["correct"].sum())
        if not self.finished:
            self.score.value = html(
                "<p>Score so far: {} right out of {} answered ({} questions in this quiz).</p>",
                right,
                len(self.answers),
                len(quiz),
            )
            return
        missed = self.result[~self.result["correct"]]
        parts = [html("<h3>Final score: {} out of {}</h3>", right, len(quiz))]
        if missed.empty:
            parts.append(Html("<p>You got every question right.</p>"))
        else:
            parts.append(Html("<p>To look at again:</p><ol>"))
            for row in missed.itertuples(index=False):
                # ``chosen`` is a string column: a str, or <NA> for no answer.
                chose = _quote(row.chosen) if isinstance(row.chosen, str) else "no answer"
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
        self.score.value = join(parts)

    # -- callbacks: an exception raised in a click callback would vanish and the quiz would
    # just stop, so each one shows it in the feedback area instead --

    def _on_check(self, _button=None) -> None:
        self._shielded(self.check_answer)

    def _on_next(self, _button=None) -> None:
        self._shielded(self.next_question)

    def _on_restart(self, _button=None) -> None:
        self._shielded(self.start_again)

    def _shielded(self, action: Callable[[], None]) -> None:
        try:
            action()
        except Exception as e:  # shown, not raised: nobody would see it raised
            self.show_error(f"{type(e).__name__}: {e}")
            self.log.error("stretchkit quiz: %s", self.error)


def quiz(
    questions: pd.DataFrame | None = None,
    *,
    n: int = 10,
    seed: int = 0,
    topics: Iterable[str] | str | None = None,
    data_dir: str | os.PathLike | None = None,
) -> Quiz:
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

    Returns
    -------
    Quiz
        With ``questions`` (the quiz being asked), ``seed``, ``position`` (index of the
        current question), ``answers`` (dict: position of a question, from 0, to the text
        chosen), ``result`` (:func:`stretchkit.score_quiz` of the answers so far),
        ``finished``, ``error`` (the last problem shown in ``feedback``, or ``None``), and the
        parts ``question``, ``choices``, ``check``, ``next``, ``restart``, ``feedback`` (a
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
    return Quiz(questions, n=n, seed=seed, topics=topics, data_dir=data_dir)
