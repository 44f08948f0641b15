import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  guessKind, guessSpeakerType, isSpace, moveEdge, nudgedEdge, overlapsAny, snapToWord, trimSpan,
  withFragment, wordEndLeft, wordEndRight, wordStartLeft, wordStartRight,
} from '../../static/annotations/js/editor/offsets.js';
import { OTHER_VOCAB, VOCAB } from './vocab.mjs';

//             0         1         2         3         4
//             0123456789012345678901234567890123456789012
const TEXT = 'Critics warned that  the plan would\nfail.';

test('isSpace: white space and the ends of the text', () => {
  assert.ok(isSpace(' ') && isSpace('\n') && isSpace(undefined));
  assert.ok(!isSpace('a') && !isSpace('.'));
});

test('trimSpan drops white space at both ends and empty spans', () => {
  assert.deepEqual(trimSpan(TEXT, 7, 15), [8, 14]);
  assert.deepEqual(trimSpan(TEXT, 19, 21), null);
  assert.deepEqual(trimSpan(TEXT, 0, 7), [0, 7]);
});

test('a start moves a word left / right, across runs of spaces', () => {
  assert.equal(wordStartRight(TEXT, 15), 21);  // "that  " -> "the"
  assert.equal(wordStartLeft(TEXT, 21), 15);
  assert.equal(wordStartLeft(TEXT, 17), 15);   // inside a word: its start
  assert.equal(wordStartLeft(TEXT, 0), 0);
  assert.equal(wordStartRight(TEXT, 36), TEXT.length);
});

test('an end moves a word right / left, across a newline', () => {
  assert.equal(wordEndRight(TEXT, 35), 41);    // "would" -> "fail."
  assert.equal(wordEndLeft(TEXT, 41), 35);
  assert.equal(wordEndLeft(TEXT, 24), 19);     // "the" -> after "that", not before the spaces
  assert.equal(wordEndRight(TEXT, TEXT.length), TEXT.length);
  assert.equal(wordEndLeft(TEXT, 7), 0);
});

test('nudgedEdge picks the move for the edge and direction', () => {
  const frag = [15, 35];
  assert.equal(nudgedEdge(TEXT, frag, 'start', 1), 21);
  assert.equal(nudgedEdge(TEXT, frag, 'start', -1), 8);
  assert.equal(nudgedEdge(TEXT, frag, 'end', 1), 41);
  assert.equal(nudgedEdge(TEXT, frag, 'end', -1), 29);
});

test('a dropped edge snaps outwards to a word boundary', () => {
  assert.equal(snapToWord(TEXT, 17, 'start'), 15);
  assert.equal(snapToWord(TEXT, 17, 'end'), 19);
  assert.equal(snapToWord(TEXT, 19, 'end'), 19);
  assert.equal(snapToWord(TEXT, 38, 'end'), 41);
});

test('moveEdge refuses empty fragments and overlaps, and notices no-ops', () => {
  const frags = [[0, 7], [15, 28], [36, 41]];
  assert.deepEqual(moveEdge(frags, 1, 'start', 8, TEXT.length), { frags: [[0, 7], [8, 28], [36, 41]] });
  assert.deepEqual(frags[1], [15, 28], 'the input is not changed');
  assert.ok(moveEdge(frags, 1, 'start', 5, TEXT.length).error);   // into the previous fragment
  assert.ok(moveEdge(frags, 1, 'end', 38, TEXT.length).error);    // into the next one
  assert.ok(moveEdge(frags, 1, 'end', 15, TEXT.length).error);    // empty
  assert.ok(moveEdge(frags, 2, 'end', 50, TEXT.length).error);    // past the text
  assert.deepEqual(moveEdge(frags, 0, 'end', 7, TEXT.length), { same: true });
});

test('fragments: overlap test and adding one in text order', () => {
  const frags = [[0, 7], [36, 41]];
  assert.ok(overlapsAny(frags, [5, 10]));
  assert.ok(!overlapsAny(frags, [7, 36]));
  assert.deepEqual(withFragment(frags, [15, 19]), { frags: [[0, 7], [15, 19], [36, 41]], index: 1 });
  assert.equal(frags.length, 2);
});

test('guessKind: enclosed in marks is direct, marks inside mixed, none indirect', () => {
  assert.equal(guessKind('"We will not back down,"', VOCAB), 'direct');
  assert.equal(guessKind('«Nous restons.»', VOCAB), 'direct');
  assert.equal(guessKind('that the plan was a "disaster"', VOCAB), 'mixed');
  assert.equal(guessKind('that the plan would fail', VOCAB), 'indirect');
  assert.equal(guessKind("that it's the minister’s plan", VOCAB), 'indirect');  // apostrophes
  assert.equal(guessKind('  ', VOCAB), 'indirect');
});

test('guessKind takes kinds and quotation marks from the vocabulary', () => {
  assert.equal(guessKind('«oui»', OTHER_VOCAB), 'dq');
  assert.equal(guessKind('"oui"', OTHER_VOCAB), 'iq');  // not a mark in that vocabulary
  assert.equal(guessKind('il a dit «oui»', OTHER_VOCAB), 'mq');
});

test('guessSpeakerType: pronouns, names, descriptions', () => {
  assert.equal(guessSpeakerType('She'), 'pronoun');
  assert.equal(guessSpeakerType('Anna Berg'), 'named');
  assert.equal(guessSpeakerType('The minister'), 'description');
  assert.equal(guessSpeakerType('the minister'), 'description');
});
