'use strict';
// Release list: while a release is pending or building, poll the API and reload the
// page once every build has finished, so progress and the download link appear by themselves.
import { followProgress } from '../../core/js/progress-rows.js';

followProgress({
  table: document.getElementById('release-table'),
  rowSelector: 'tr[data-release-id]',
  rowId: (row) => row.dataset.releaseId,
  textSelector: '.release-progress-text',
  busy: ['pending', 'building'],
  done: ['ready', 'failed'],
  describe: (release) => `${release.status === 'building' ? 'Building' : 'Pending'} ${release.progress}%`,
});
