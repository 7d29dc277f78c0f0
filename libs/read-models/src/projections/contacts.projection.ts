import { ContactRecord } from '../entities/contact-record.entity.js';
import type { Projection, RowChange } from './projection.js';

/** Case contacts as they are now; erasure blanks the personal fields and keeps the row. */
export const contactsProjection: Projection = {
  name: 'contacts',
  version: 1,
  tables: [ContactRecord],
  handles: ['ContactAdded', 'ContactConsentChanged', 'ContactDetailsUpdated', 'ContactErased', 'ContactOptedOut'],
  project({ event }): RowChange[] {
    switch (event.type) {
      case 'ContactAdded': {
        const { caseId, contactId, role, consentToContact, personal } = event.data;
        const row: Partial<ContactRecord> = {
          contactId,
          caseId,
          role,
          consentToContact,
          optedOut: false,
          erased: false,
          name: personal?.name ?? null,
          email: personal?.email ?? null,
        };
        return [{ op: 'upsert', entity: ContactRecord, row, conflictPaths: ['contactId'] }];
      }
      case 'ContactDetailsUpdated': {
        const { personal } = event.data;
        if (!personal) return [];
        const set: Partial<ContactRecord> = {};
        if (personal.name !== undefined) set.name = personal.name;
        if (personal.email !== undefined) set.email = personal.email;
        return Object.keys(set).length
          ? [{ op: 'update', entity: ContactRecord, where: { contactId: event.data.contactId, erased: false }, set }]
          : [];
      }
      case 'ContactConsentChanged':
        return [
          {
            op: 'update',
            entity: ContactRecord,
            where: { contactId: event.data.contactId },
            // Consenting again lifts an opt-out, as the case decider does.
            set: event.data.consentToContact ? { consentToContact: true, optedOut: false } : { consentToContact: false },
          },
        ];
      case 'ContactOptedOut':
        return [
          {
            op: 'update',
            entity: ContactRecord,
            where: { contactId: event.data.contactId },
            set: { optedOut: true, consentToContact: false },
          },
        ];
      case 'ContactErased':
        return [
          {
            op: 'update',
            entity: ContactRecord,
            where: { contactId: event.data.contactId },
            set: { erased: true, name: null, email: null },
          },
        ];
      default:
        return [];
    }
  },
};
