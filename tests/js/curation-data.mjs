// What GET /api/articles/{id}/curation/ gives for tests/review/test_curation.py's `curated`
// article (two annotators who disagree on the kind of quote 2, and the proposals), for the
// unit tests of the curation page's pure modules.
export const TEXT = "\"We will not back down,\" the minister said on Monday. Critics warned that the plan would fail. \"It is a disaster,\" said Anna Berg, \"and everyone knows it.\"";

export const CURATION = {
  article: 1, gold_version: 0, drafts: 0,
  sources: [
    {"set_id": 3, "owner": "ann1", "kind": "human", "source": "copy of set 2", "quotes": 3},
    {"set_id": 4, "owner": "ann2", "kind": "human", "source": "copy of set 2", "quotes": 3},
    {"set_id": 2, "owner": null, "kind": "machine", "source": "engine 1", "quotes": 3},
  ],
  groups: [
    {
      start: 0, end: 24, agreed: {"span": true, "kind": true, "cue": true, "mention": true, "speaker": true},
      quotes: [
        {"set_id": 3, "owner": "ann1", "start": 0, "end": 24, "text": "\"We will not back down,\"", "kind": "direct", "cue": "said", "cue_start": 38, "cue_end": 42, "speaker": "the minister", "speaker_start": 25, "speaker_end": 37, "speaker_entity": "Jan Minister", "speaker_type": "description", "confidence": 0.91, "id": 5, "status": "accepted", "speaker_id": 1},
        {"set_id": 4, "owner": "ann2", "start": 0, "end": 24, "text": "\"We will not back down,\"", "kind": "direct", "cue": "said", "cue_start": 38, "cue_end": 42, "speaker": "the minister", "speaker_start": 25, "speaker_end": 37, "speaker_entity": "Jan Minister", "speaker_type": "description", "confidence": 0.91, "id": 8, "status": "accepted", "speaker_id": 1},
        {"set_id": 2, "owner": null, "start": 0, "end": 24, "text": "\"We will not back down,\"", "kind": "direct", "cue": "said", "cue_start": 38, "cue_end": 42, "speaker": "the minister", "speaker_start": 25, "speaker_end": 37, "speaker_entity": "Jan Minister", "speaker_type": "description", "confidence": 0.91, "id": 2, "status": "proposed", "speaker_id": 1},
      ],
    },
    {
      start: 69, end: 93, agreed: {"span": true, "kind": false, "cue": true, "mention": true, "speaker": true},
      quotes: [
        {"set_id": 3, "owner": "ann1", "start": 69, "end": 93, "text": "that the plan would fail", "kind": "indirect", "cue": "warned", "cue_start": 62, "cue_end": 68, "confidence": 0.55, "id": 6, "status": "accepted", "speaker_id": null},
        {"set_id": 4, "owner": "ann2", "start": 69, "end": 93, "text": "that the plan would fail", "kind": "mixed", "cue": "warned", "cue_start": 62, "cue_end": 68, "confidence": 0.55, "id": 9, "status": "accepted", "speaker_id": null},
        {"set_id": 2, "owner": null, "start": 69, "end": 93, "text": "that the plan would fail", "kind": "indirect", "cue": "warned", "cue_start": 62, "cue_end": 68, "confidence": 0.55, "id": 3, "status": "proposed", "speaker_id": null},
      ],
    },
    {
      start: 95, end: 155, agreed: {"span": true, "kind": true, "cue": true, "mention": true, "speaker": true},
      quotes: [
        {"set_id": 3, "owner": "ann1", "rule": "colon", "start": 95, "end": 155, "text": "\"It is a disaster,\" said Anna Berg, \"and everyone knows it.\"", "kind": "direct", "fragments": [[95, 114], [131, 155]], "cue": "said", "cue_start": 115, "cue_end": 119, "speaker": "Anna Berg", "speaker_start": 120, "speaker_end": 129, "speaker_entity": "Anna Berg", "speaker_type": "named", "confidence": 0.97, "id": 7, "status": "accepted", "speaker_id": 2},
        {"set_id": 4, "owner": "ann2", "rule": "colon", "start": 95, "end": 155, "text": "\"It is a disaster,\" said Anna Berg, \"and everyone knows it.\"", "kind": "direct", "fragments": [[95, 114], [131, 155]], "cue": "said", "cue_start": 115, "cue_end": 119, "speaker": "Anna Berg", "speaker_start": 120, "speaker_end": 129, "speaker_entity": "Anna Berg", "speaker_type": "named", "confidence": 0.97, "id": 10, "status": "accepted", "speaker_id": 2},
        {"set_id": 2, "owner": null, "rule": "colon", "start": 95, "end": 155, "text": "\"It is a disaster,\" said Anna Berg, \"and everyone knows it.\"", "kind": "direct", "fragments": [[95, 114], [131, 155]], "cue": "said", "cue_start": 115, "cue_end": 119, "speaker": "Anna Berg", "speaker_start": 120, "speaker_end": 129, "speaker_entity": "Anna Berg", "speaker_type": "named", "confidence": 0.97, "id": 4, "status": "proposed", "speaker_id": 2},
      ],
    },
  ],
};
