'use strict';
// Proposer page: while a model is queued or training, poll the API, move its progress bar,
// and reload the page once it has finished, so the comparison and the Activate button appear.
import { followProgress } from '../../core/js/progress-rows.js';

followProgress({
  table: document.getElementById('proposer-models'),
  rowSelector: 'tr[data-model-id]',
  rowId: (row) => row.dataset.modelId,
  textSelector: '.model-progress-text',
  busy: ['queued', 'training'],
  done: ['ready', 'failed'],
  describe: (model) => {
    const stage = model.stage ? ` (${model.stage})` : '';
    return `${model.status === 'training' ? 'Training' : 'Queued'} ${model.progress}%${stage}`;
  },
});
