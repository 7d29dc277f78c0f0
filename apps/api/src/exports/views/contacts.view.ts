import { INTERVIEW_ROLE_LABELS, vocabulary } from '@casebook/domain';
import { defineExportView, scoped } from '../export-view.js';

export const contactsView = defineExportView({
  name: 'contacts',
  title: 'Contacts',
  description:
    'The people each case may contact: role, consent and opt-out; names and emails only at level personal, and never once erased',
  columns: [
    { name: 'contact_id', type: 'string', label: 'Contact id' },
    { name: 'case_id', type: 'string', label: 'Case id' },
    { name: 'role', type: 'string', label: 'Role', values: vocabulary(INTERVIEW_ROLE_LABELS) },
    { name: 'consent_to_contact', type: 'boolean', label: 'Agreed to be contacted' },
    { name: 'opted_out', type: 'boolean', label: 'Opted out' },
    { name: 'erased', type: 'boolean', label: 'Personal data erased' },
    { name: 'name', type: 'string', label: 'Name', personal: true },
    { name: 'email', type: 'string', label: 'Email', personal: true },
  ],
  source: (scope) => {
    const { params, caseFilter } = scoped(scope);
    return {
      // The read model blanks an erased contact's name and email; the condition keeps them out
      // even of a row whose blanking has not been projected yet by the time `erased` has.
      sql: `SELECT k.contact_id, k.case_id, k.role, k.consent_to_contact, k.opted_out, k.erased,
                   CASE WHEN k.erased THEN NULL ELSE k.name END AS name, CASE WHEN k.erased THEN NULL ELSE k.email END AS email
              FROM read_models.contacts k
              JOIN read_models.cases c ON c.case_id = k.case_id AND c.study_id = $1 ${caseFilter('c.case_id')}
             ORDER BY c.enrolled_at, k.case_id, k.contact_id`,
      params,
    };
  },
});
