"""The learned proposer, trained end to end on a small corpus these tests write themselves."""

from __future__ import annotations

import json
import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from annotator.proposer import engine
from annotator.proposer.engine.learned import (
    LinearScorer,
    ModelError,
    candidates_with_features,
    load_model,
    propose_many_learned,
)
from annotator.proposer.engine.learned.training import best_threshold, train_to_directory
from tests.proposer.invented import corpus


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    model = train_to_directory(corpus(), root / "m", seed=3, dev=corpus()[:4], sources=["invented"])
    return model


@pytest.mark.spacy
def test_a_model_trained_on_gold_proposes_a_cue_the_rules_do_not_know(trained):
    text = (
        'Notes\n\n"The pool stays shut," Rosa Delgado said. Later Delgado fretted that the pool would flood in spring.'
    )
    rules = engine.propose(text)
    [learned] = list(propose_many_learned([text], load_model(trained.path)))
    clause = text.index("the pool would flood")
    assert not any(p.start <= clause < p.end for p in rules)  # the rules miss it ...
    [found] = [p for p in learned if p.start <= clause < p.end]  # ... the trained model proposes it
    assert text[found.cue[0] : found.cue[1]] == "fretted"
    assert text[found.speaker[0] : found.speaker[1]].endswith("Delgado")  # the subject, or her name just before
    assert any('"The pool stays shut,"' in text[p.start : p.end + 1] for p in learned)  # rule quotes stay
    assert all(0 < p.confidence < 1 for p in learned)


@pytest.mark.spacy
def test_the_model_leaves_out_clauses_the_gold_never_marks(trained):
    text = "Notes\n\nLater Delgado fretted that the pool would flood. The rota ensured that guards met every bus."
    [learned] = list(propose_many_learned([text], load_model(trained.path)))
    clause = text.index("guards met every bus")
    assert not any(p.start <= clause < p.end for p in learned)
    assert any(p.start <= text.index("the pool would flood") < p.end for p in learned)


@pytest.mark.spacy
def test_the_model_directory_records_its_data_counts_scores_and_engine(trained):
    files = sorted(p.name for p in trained.path.iterdir())
    assert files == ["boundary.json", "config.json", "meta.json", "scorer.json", "speaker.json"]
    meta = json.loads((trained.path / "meta.json").read_text())
    assert meta["version"] == trained.version and trained.version.startswith("m-")
    assert meta["engine_version"] == engine.ENGINE_VERSION
    assert meta["training"]["articles"] == 24 and meta["training"]["gold_quotes"] == 48
    assert len(meta["training"]["sha256"]) == 64 and meta["training"]["files"] == ["invented"]
    assert meta["dev"]["model"]["mention"]["overlap_f1"] > meta["dev"]["rules"]["mention"]["overlap_f1"]
    scorer = LinearScorer.load(trained.path / "scorer.json")
    assert "VERB:fret" in scorer.cues and "VERB:wager" in scorer.cues


@pytest.mark.spacy
def test_training_is_deterministic_for_a_seed(trained, tmp_path):
    again = train_to_directory(corpus(), tmp_path / "again", seed=3)
    assert again.version == trained.version
    assert (again.path / "scorer.json").read_bytes() == (trained.path / "scorer.json").read_bytes()


@pytest.mark.spacy
def test_train_proposer_then_propose_and_evaluate_with_model(tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text("".join(json.dumps(r) + "\n" for r in corpus()), encoding="utf-8")
    out = tmp_path / "model"
    call_command("train_proposer", str(gold), "-o", str(out), "--seed", "1", "--no-progress")
    version = load_model(out).version
    assert version in capsys.readouterr().out
    with pytest.raises(CommandError, match="not empty"):
        call_command("train_proposer", str(gold), "-o", str(out), "--no-progress")

    pred = tmp_path / "pred.jsonl"
    call_command("propose_quotes", str(gold), "-o", str(pred), "--model", str(out), "--no-progress")
    records = [json.loads(line) for line in pred.read_text().splitlines()]
    assert any(q["cue"] == "wagered" for r in records for q in r["quotes"])
    call_command("evaluate_quotes", str(gold), "--model", str(out), "--json", "--no-progress")
    report = json.loads(capsys.readouterr().out)
    assert version in report["pred"] and report["mention"]["overlap_f1"] > 0.9


def test_evaluate_quotes_refuses_a_directory_that_is_no_model(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "x", "text": "Nothing."}) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="not a trained proposer model"):
        call_command("evaluate_quotes", str(gold), "--model", str(tmp_path), "--no-progress")
    with pytest.raises(ModelError):
        load_model(tmp_path)


def test_train_proposer_needs_files_and_an_output_or_a_project(tmp_path):
    with pytest.raises(CommandError, match="-o DIR"):
        call_command("train_proposer", "--no-progress")


def test_best_threshold_keeps_what_maximises_overlap_f1():
    from annotator.proposer.engine.learned.training import Examples

    ex = Examples(
        features=[{}] * 4,
        labels=[1, 1, 0, 0],
        article=[0, 0, 0, 0],
        covers=[frozenset({(0, 0)}), frozenset({(0, 1)}), frozenset(), frozenset()],
        gold_quotes=2,
    )
    assert best_threshold([0.9, 0.8, 0.3, 0.1], ex) == 0.8  # both right ones kept, both wrong ones dropped
    # one wrong one between the right ones: keeping both right ones (F1 0.8) beats keeping one alone (0.67)
    assert best_threshold([0.9, 0.2, 0.5, 0.1], ex) == 0.2
    # two wrong ones between them: keeping all four only ties with the first alone, and the stricter wins
    assert best_threshold([0.9, 0.1, 0.5, 0.4], ex) == 0.9


def test_choose_speaker_takes_the_best_rated_option_and_keeps_the_rules_choice_when_it_wins():
    from annotator.proposer.engine import Proposal
    from annotator.proposer.engine.learned.speakers import Option, choose_speaker

    p = Proposal(((10, 30),), "indirect", (5, 9), (0, 4), "Ann Lee", "named", 0.8)
    rule = Option("rule", (0, 4), "Ann Lee", "named", {"option=rule": 1.0})
    subject = Option("subject", (40, 47), "Bo Chan", "named", {"option=subject": 1.0})
    prefers_subject = LinearScorer({"option=subject": 2.0, "option=rule": -1.0}, 0.0, 0.5)
    chosen = choose_speaker(p, [rule, subject], prefers_subject)
    assert (chosen.speaker, chosen.speaker_entity, chosen.fragments) == ((40, 47), "Bo Chan", p.fragments)
    prefers_rule = LinearScorer({"option=subject": -2.0, "option=rule": 1.0}, 0.0, 0.5)
    assert choose_speaker(p, [rule, subject], prefers_rule) is p
    assert choose_speaker(p, [], prefers_subject) is p


@pytest.mark.spacy
def test_a_model_learns_where_the_gold_starts_a_quote(trained, tmp_path):
    # the invented gold leaves "that" out of the reported clause; the candidate the rules build keeps it
    text = "Notes\n\nLater Bexley fretted that the stadium would close before the winter."
    clause = text.index("the stadium")
    docs = list(engine.parse_texts([text]))[0][1]
    [candidate] = [p for p, _ in candidates_with_features(text, docs, load_model(trained.path).scorer.cues)]
    assert text[candidate.start : candidate.end].startswith("that the stadium")
    [learned] = list(propose_many_learned([text], load_model(trained.path)))
    [found] = [p for p in learned if p.start <= clause < p.end]
    assert text[found.start : found.end] == "the stadium would close before the winter"

    # the same model without its boundary scorer keeps the candidate's own cut
    plain = tmp_path / "plain"
    shutil.copytree(trained.path, plain)
    (plain / "boundary.json").unlink()
    [kept] = [p for p in next(propose_many_learned([text], load_model(plain))) if p.start <= clause < p.end]
    assert kept.fragments == candidate.fragments


@pytest.mark.spacy
def test_boundary_options_hold_the_rules_cut_and_stay_in_its_sentence():
    from annotator.proposer.engine.learned.boundaries import boundary_options
    from annotator.proposer.engine.learned.candidates import TokenIndex

    text = "First line here. Ann Lee said that the bridge opens in May, because the steel came early. Then rain."
    docs = list(engine.parse_texts([text]))[0][1]
    [p] = [p for p in engine.propose(text) if "bridge" in text[p.start : p.end]]
    starts, ends = boundary_options(text, p, TokenIndex(docs))
    assert [c.pos for c in starts if c.rule] == [p.start] and [c.pos for c in ends if c.rule] == [p.end]
    sentence = (text.index("Ann"), text.index(" Then"))
    assert all(sentence[0] <= c.pos <= sentence[1] for c in starts + ends)
    assert text.index("the bridge") in {c.pos for c in starts}  # "that" out is an option
    assert text.index(", because") in {c.pos for c in ends}  # so is an end before the "because" clause
    assert all(c.features and all(name[:2] in ("s:", "e:") for name in c.features) for c in starts + ends)


def test_choose_boundaries_takes_the_best_rated_cuts_and_keeps_the_rules_when_they_win():
    from annotator.proposer.engine import Proposal
    from annotator.proposer.engine.learned.boundaries import Cut, choose_boundaries

    p = Proposal(((10, 30),), "indirect", (5, 9), (0, 4), "Ann Lee", "named", 0.8)
    starts = [Cut("start", 10, True, {"s:rule": 1.0}), Cut("start", 15, False, {"s:later": 1.0})]
    ends = [Cut("end", 30, True, {"e:rule": 1.0}), Cut("end", 25, False, {"e:earlier": 1.0})]
    moves = LinearScorer({"s:later": 2.0, "e:earlier": 2.0}, 0.0, 0.5)
    assert choose_boundaries(p, (starts, ends), moves).fragments == ((15, 25),)
    stays = LinearScorer({"s:rule": 2.0, "e:rule": 2.0}, 0.0, 0.5)
    assert choose_boundaries(p, (starts, ends), stays) is p
    # cuts that would leave almost nothing keep the rules' span
    crossing = [Cut("start", 24, False, {"s:later": 1.0})]
    assert choose_boundaries(p, (crossing, ends), moves) is p
    assert choose_boundaries(p, ([], []), moves) is p


@pytest.mark.spacy
def test_speaker_options_offer_the_relative_pronoun_and_the_passive_agent():
    from annotator.proposer.engine.learned.candidates import TokenIndex
    from annotator.proposer.engine.learned.speakers import Names, speaker_options

    text = "Notes\n\nAnn Lee, who said that the plan would fail, left early."
    docs = list(engine.parse_texts([text]))[0][1]
    tokens, names = TokenIndex(docs), Names(docs)
    [p] = [p for p in engine.propose(text) if "would fail" in text[p.start : p.end]]
    options = {o.kind: text[o.span[0] : o.span[1]] for o in speaker_options(text, p, tokens, names, None)}
    assert options["relative"] == "who"  # the rules take the antecedent; some gold marks the pronoun
    assert "Ann Lee" in options.get("subject", options["rule"])

    text = "Notes\n\nIt was announced by the harbour board that the ferry would stop in May."
    docs = list(engine.parse_texts([text]))[0][1]
    [p] = engine.propose(text)
    options = {
        o.kind: text[o.span[0] : o.span[1]] for o in speaker_options(text, p, TokenIndex(docs), Names(docs), None)
    }
    assert options["agent"] == "the harbour board" and options["subject"] == "It"


@pytest.mark.spacy
def test_speaker_options_offer_the_other_subjects_of_the_cue_sentence_once():
    from annotator.proposer.engine.learned.candidates import TokenIndex
    from annotator.proposer.engine.learned.speakers import Names, speaker_options

    text = "Notes\n\nThe mayor, whose office faces the river, said that the flood barrier would hold."
    docs = list(engine.parse_texts([text]))[0][1]
    [p] = [p for p in engine.propose(text) if "barrier" in text[p.start : p.end]]
    options = speaker_options(text, p, TokenIndex(docs), Names(docs), None)
    others = [text[o.span[0] : o.span[1]] for o in options if o.kind == "sentence_subject"]
    # "whose office" lies inside the cue's own subject, already an option; the quote's subject is offered,
    # marked as inside the quote and after the cue for the scorer to weigh
    assert others == ["the flood barrier"]
    [other] = [o for o in options if o.kind == "sentence_subject"]
    assert {"inside_quote=sentence_subject", "ssubj_side=after", "ssubj_inside_cue_clause"} <= set(other.features)
    assert [o.kind for o in options].count("subject") == 1
