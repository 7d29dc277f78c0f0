import { WAVE_STATUS_LABELS, vocabulary } from '@casebook/domain';
import { defineExportView, scoped } from '../export-view.js';

export const wavesView = defineExportView({
  name: 'waves',
  title: 'Interview waves',
  description: 'Where each interview wave of every case stands, with the day of each outcome; in window order',
  columns: [
    { name: 'wave_id', type: 'string', label: 'Wave id' },
    { name: 'case_id', type: 'string', label: 'Case id' },
    { name: 'mutual_id', type: 'string', label: 'Mutual id' },
    { name: 'wave_number', type: 'integer', label: 'Wave number' },
    { name: 'opens_on', type: 'date', label: 'Interview window opens' },
    { name: 'closes_on', type: 'date', label: 'Interview window closes' },
    { name: 'status', type: 'string', label: 'Wave status', values: vocabulary(WAVE_STATUS_LABELS) },
    {
      name: 'overdue',
      type: 'boolean',
      label: 'Overdue on the day of the export',
      description: 'Still scheduled or in progress after its window closed',
    },
    { name: 'interview_count', type: 'integer', label: 'Interviews held' },
    { name: 'completed_on', type: 'date', label: 'Completed on' },
    { name: 'skipped_on', type: 'date', label: 'Skipped on' },
    { name: 'cancelled_on', type: 'date', label: 'Cancelled on' },
    { name: 'signed_off_on', type: 'date', label: 'Signed off on' },
    { name: 'signed_off_at', type: 'datetime', label: 'Sign-off recorded at' },
    { name: 'skipped_reason', type: 'string', label: 'Why it was skipped', freeText: true },
    { name: 'cancelled_reason', type: 'string', label: 'Why it was cancelled', freeText: true },
  ],
  source: (scope) => {
    const { params, caseFilter, param } = scoped(scope);
    return {
      sql: `SELECT w.wave_id, w.case_id, wc.mutual_id, w.wave_number, w.opens_on::text AS opens_on, w.closes_on::text AS closes_on, w.status,
                   (w.status IN ('scheduled', 'in-progress') AND w.closes_on < ${param(scope.today)}::date) AS overdue,
                   w.interview_count, w.completed_on::text AS completed_on, w.skipped_on::text AS skipped_on,
                   w.cancelled_on::text AS cancelled_on, w.signed_off_on::text AS signed_off_on, w.signed_off_at,
                   w.skipped_reason, w.cancelled_reason
              FROM read_models.waves w
              JOIN read_models.wave_cases wc ON wc.case_id = w.case_id
             WHERE wc.study_id = $1 ${caseFilter('w.case_id')}
             ORDER BY w.opens_on, w.case_id, w.wave_number, w.wave_id`,
      params,
    };
  },
});
