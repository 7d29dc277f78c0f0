import { INTERVIEW_CONSENT_LABELS, INTERVIEW_ROLE_LABELS, vocabulary } from '@casebook/domain';
import { defineExportView, scoped } from '../export-view.js';

export const interviewsView = defineExportView({
  name: 'interviews',
  title: 'Interviews',
  description:
    'Every interview held in the waves of the study’s cases: with whom by role, when, by which account, and consent; in the order held',
  columns: [
    { name: 'interview_id', type: 'string', label: 'Interview id' },
    { name: 'case_id', type: 'string', label: 'Case id' },
    { name: 'wave_id', type: 'string', label: 'Wave id' },
    { name: 'wave_number', type: 'integer', label: 'Wave number' },
    { name: 'role', type: 'string', label: "Interviewee's role", values: vocabulary(INTERVIEW_ROLE_LABELS) },
    { name: 'interviewed_on', type: 'date', label: 'Interviewed on' },
    { name: 'interviewer_account_id', type: 'string', label: 'Interviewer (account id)' },
    { name: 'recorded_by', type: 'string', label: 'Recorded by (account id)' },
    { name: 'consent', type: 'string', label: 'Consent to use', values: vocabulary(INTERVIEW_CONSENT_LABELS) },
    { name: 'contact_id', type: 'string', label: 'Interviewee (contact id)', description: 'When the interviewee is a contact of the case' },
    { name: 'transcript_reference', type: 'string', label: 'Transcript reference', freeText: true },
  ],
  source: (scope) => {
    const { params, caseFilter } = scoped(scope);
    return {
      sql: `SELECT i.interview_id, i.case_id, i.wave_id, w.wave_number, i.role, i.interviewed_on::text AS interviewed_on,
                   i.interviewer_account_id, i.recorded_by, i.consent, i.contact_id, i.transcript_reference
              FROM read_models.interviews i
              JOIN read_models.cases c ON c.case_id = i.case_id AND c.study_id = $1 ${caseFilter('c.case_id')}
              LEFT JOIN read_models.waves w ON w.wave_id = i.wave_id
             ORDER BY i.interviewed_on, i.case_id, i.interview_id`,
      params,
    };
  },
});
