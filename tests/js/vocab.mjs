// A vocabulary shaped like the one the editor view passes (annotator/annotations/views.py,
// editor_vocabulary), for the unit tests of the editor's pure modules.
import { makeVocab } from '../../static/annotations/js/editor/vocab.js';

export const RAW_VOCAB = {
  kinds: [{ value: 'direct', label: 'Direct' }, { value: 'indirect', label: 'Indirect' }, { value: 'mixed', label: 'Mixed' }],
  speaker_types: [
    { value: 'named', label: 'Named' }, { value: 'pronoun', label: 'Pronoun' },
    { value: 'description', label: 'Description' }, { value: 'none', label: 'No speaker in text' },
  ],
  statuses: [
    { value: 'proposed', label: 'Proposed' }, { value: 'accepted', label: 'Accepted' }, { value: 'rejected', label: 'Rejected' },
    { value: 'edited', label: 'Edited' }, { value: 'added', label: 'Added' },
  ],
  quote_keys: [
    'confidence', 'cue', 'cue_end', 'cue_start', 'end', 'fragments', 'id', 'kind', 'speaker', 'speaker_end',
    'speaker_entity', 'speaker_id', 'speaker_start', 'speaker_type', 'start', 'status', 'text',
  ],
  quotation_marks: '"\'“”„‟«»‹›‘’‚‛「」『』',
};

export const VOCAB = makeVocab(RAW_VOCAB);

// Another vocabulary, to show that nothing is spelled out in the modules themselves.
export const OTHER_VOCAB = makeVocab({
  ...RAW_VOCAB,
  kinds: [{ value: 'dq', label: 'Direct quote' }, { value: 'iq', label: 'Reported speech' }, { value: 'mq', label: 'Partial' }],
  statuses: [...RAW_VOCAB.statuses.map((s) => (s.value === 'accepted' ? { ...s, label: 'Confirmed' } : s))],
  quote_keys: RAW_VOCAB.quote_keys.filter((k) => k !== 'confidence'),
  quotation_marks: '«»',
});
