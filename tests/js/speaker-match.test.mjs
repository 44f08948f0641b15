import { test } from 'node:test';
import assert from 'node:assert/strict';

import {
  enterChoice, moveActive, noMatchHint, rankSpeakers, speakerOptions,
} from '../../static/annotations/js/editor/speaker-match.js';

const SPEAKERS = [
  { id: 1, name: 'Jan Minister', aliases: ['the minister'] },
  { id: 2, name: 'Anna Berg', aliases: ['Berg'] },
  { id: 3, name: 'Anthony Blinken', aliases: ['Blinken', 'the secretary', 'Tony', 'AB'] },
  { id: 4, name: 'Mark Rutte', aliases: [] },
  { id: 5, name: 'Hannah Arendt', aliases: [] },
];
const names = (list) => list.map((s) => s.name);

test('prefix matches of a name or alias come first, then substring matches, each by name', () => {
  assert.deepEqual(names(rankSpeakers(SPEAKERS, 'an')), ['Anna Berg', 'Anthony Blinken', 'Hannah Arendt', 'Jan Minister']);
  assert.deepEqual(names(rankSpeakers(SPEAKERS, 'berg')), ['Anna Berg']);
  assert.deepEqual(names(rankSpeakers(SPEAKERS, '  MINISTER ')), ['Jan Minister']);  // case and outer spaces do not matter
  assert.deepEqual(names(rankSpeakers(SPEAKERS, 'the')), ['Anthony Blinken', 'Jan Minister']);
  assert.deepEqual(names(rankSpeakers(SPEAKERS, 'zz')), []);
});

test('an empty query lists the first speakers, at most eight', () => {
  const many = Array.from({ length: 12 }, (_, i) => ({ id: i, name: `S${i}`, aliases: [] }));
  assert.equal(rankSpeakers(many, '').length, 8);
  assert.equal(rankSpeakers(many, 's').length, 8);
  assert.deepEqual(names(rankSpeakers(SPEAKERS, ' ')), names(SPEAKERS));
});

test('options show up to three aliases as a hint', () => {
  const { options } = speakerOptions(SPEAKERS, 'blinken');
  assert.equal(options[0].label, 'Anthony Blinken');
  assert.equal(options[0].hint, 'Blinken, the secretary, Tony');
});

test('an existing match is highlighted, never the create option', () => {
  const { options, active } = speakerOptions(SPEAKERS, 'mark');
  assert.deepEqual(options.map((o) => o.label), ['Mark Rutte', 'Create “mark”']);
  assert.equal(active, 0);
  assert.ok(options[1].create && !options[0].create);
});

test('with no existing match only the create option is offered, and it is not highlighted', () => {
  const { options, active } = speakerOptions(SPEAKERS, 'Anthony BlinkenMark');
  assert.equal(options.length, 1);
  assert.deepEqual(options[0], {
    speaker: { id: null, name: 'Anthony BlinkenMark' }, label: 'Create “Anthony BlinkenMark”', hint: 'new speaker', create: true,
  });
  assert.equal(active, -1);
});

test('no create option for an exact name (any case); the new name has its spaces squashed', () => {
  assert.ok(!speakerOptions(SPEAKERS, 'anna berg').options.some((o) => o.create));
  assert.equal(speakerOptions(SPEAKERS, '  Jane   Doe ').options.at(-1).speaker.name, 'Jane Doe');
  // An alias is not a name: typing it exactly still offers to create (but does not highlight it).
  const berg = speakerOptions(SPEAKERS, 'Berg');
  assert.deepEqual([berg.options.map((o) => o.create), berg.active], [[false, true], 0]);
});

test('an empty field offers the registry without a create option', () => {
  const { options, active } = speakerOptions(SPEAKERS, '');
  assert.equal(options.length, SPEAKERS.length);
  assert.ok(!options.some((o) => o.create));
  assert.equal(active, 0);
  assert.deepEqual(speakerOptions([], ''), { options: [], active: -1 });
});

test('arrow keys wrap round; from nothing, down is the first option and up the last', () => {
  assert.equal(moveActive(3, 0, 1), 1);
  assert.equal(moveActive(3, 2, 1), 0);
  assert.equal(moveActive(3, 0, -1), 2);
  assert.equal(moveActive(3, -1, 1), 0);
  assert.equal(moveActive(3, -1, -1), 2);
  assert.equal(moveActive(0, -1, 1), -1);
  // The only way to the create option of "mark" is to move to it.
  const { options, active } = speakerOptions(SPEAKERS, 'mark');
  assert.ok(options[moveActive(options.length, active, 1)].create);
});

test('Enter: an empty field clears, a highlighted option is picked, nothing highlighted only shows', () => {
  assert.equal(enterChoice({ query: '  ', open: true, active: 0 }), 'clear');
  assert.equal(enterChoice({ query: 'mark', open: true, active: 0 }), 'pick');
  assert.equal(enterChoice({ query: 'mark', open: false, active: 0 }), 'show');
  const none = speakerOptions(SPEAKERS, 'Anthony BlinkenMark');
  assert.equal(enterChoice({ query: 'Anthony BlinkenMark', open: true, active: none.active }), 'show');
  // After the user moved onto the create option, Enter picks it: an explicit choice.
  assert.equal(enterChoice({ query: 'Anthony BlinkenMark', open: true, active: moveActive(1, none.active, 1) }), 'pick');
});

test('the hint after an Enter that picked nothing says how to create the speaker', () => {
  const { options } = speakerOptions(SPEAKERS, 'Jane Doe');
  assert.equal(noMatchHint(options, ' Jane Doe '),
    'No speaker in the registry matches “Jane Doe”. To add one, choose Create “Jane Doe” (↓ then Enter, or click it).');
  assert.equal(noMatchHint([], 'x'), 'Choose a speaker from the list.');
});
