import { ContactHistoryEntry } from '../entities/contact-history-entry.entity.js';
import { ContactRecord } from '../entities/contact-record.entity.js';
import type { ProjectedEvent, Projection, RowChange } from './projection.js';

/**
 * Case contacts as they are now, and each contact's history: every event about them, the
 * reminders sent to them or failed for good among them. Erasure blanks the personal fields (the
 * contact's name and email, the reasons in their history) and keeps the rows.
 */
export const contactsProjection: Projection = {
  name: 'contacts',
  // 2: each contact's history.
  version: 2,
  tables: [ContactRecord, ContactHistoryEntry],
  handles: [
    'ContactAdded',
    'ContactConsentChanged',
    'ContactDetailsUpdated',
    'ContactErased',
    'ContactOptedOut',
    'InterviewRecorded',
    'ReminderSent',
    'ReminderFailed',
  ],
  project(projected): RowChange[] {
    const { event } = projected;
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
        return [
          { op: 'upsert', entity: ContactRecord, row, conflictPaths: ['contactId'] },
          historyEntry(projected, { contactId, caseId, role, consentToContact }),
        ];
      }
      case 'ContactDetailsUpdated': {
        const { caseId, contactId, personal } = event.data;
        // Erased since: the event reads back without its details, and names no field.
        if (!personal) return [historyEntry(projected, { contactId, caseId, changedFields: [] })];
        const set: Partial<ContactRecord> = {};
        if (personal.name !== undefined) set.name = personal.name;
        if (personal.email !== undefined) set.email = personal.email;
        const entry = historyEntry(projected, { contactId, caseId, changedFields: Object.keys(set).sort() });
        return Object.keys(set).length
          ? [{ op: 'update', entity: ContactRecord, where: { contactId, erased: false }, set }, entry]
          : [entry];
      }
      case 'ContactConsentChanged': {
        const { caseId, contactId, consentToContact, changedAt } = event.data;
        return [
          {
            op: 'update',
            entity: ContactRecord,
            where: { contactId },
            // Consenting again lifts an opt-out, as the case decider does.
            set: consentToContact ? { consentToContact: true, optedOut: false } : { consentToContact: false },
          },
          historyEntry(projected, { contactId, caseId, consentToContact, at: new Date(changedAt) }),
        ];
      }
      case 'ContactOptedOut': {
        const { caseId, contactId, optedOutAt, personal } = event.data;
        return [
          { op: 'update', entity: ContactRecord, where: { contactId }, set: { optedOut: true, consentToContact: false } },
          historyEntry(projected, { contactId, caseId, at: new Date(optedOutAt), reason: personal?.reason ?? null }),
        ];
      }
      case 'ContactErased': {
        const { caseId, contactId, erasedAt, requestedBy } = event.data;
        return [
          { op: 'update', entity: ContactRecord, where: { contactId }, set: { erased: true, name: null, email: null } },
          // Every entry of the contact's history, however many.
          { op: 'update', entity: ContactHistoryEntry, where: { contactId }, set: { reason: null } },
          historyEntry(projected, { contactId, caseId, at: new Date(erasedAt), requestedBy: requestedBy ?? null }),
        ];
      }
      case 'InterviewRecorded': {
        const { caseId, waveId, interviewId, role, interviewedOn, contactId } = event.data;
        // Interviews of people who are no contact of the case are in no contact's history.
        if (!contactId) return [];
        return [historyEntry(projected, { contactId, caseId, waveId, interviewId, role, interviewedOn })];
      }
      case 'ReminderSent': {
        const { caseId, waveId, contactId, reminderId, kind, daysBefore, windowVersion, messageId, sentAt } = event.data;
        return [
          historyEntry(projected, {
            contactId,
            caseId,
            at: new Date(sentAt),
            waveId,
            reminderId,
            kind,
            daysBefore: daysBefore ?? null,
            windowVersion,
            messageId,
          }),
        ];
      }
      case 'ReminderFailed': {
        const { caseId, waveId, contactId, reminderId, kind, daysBefore, windowVersion, failure, smtpCode, attempts, failedAt, personal } =
          event.data;
        return [
          historyEntry(projected, {
            contactId,
            caseId,
            at: new Date(failedAt),
            waveId,
            reminderId,
            kind,
            daysBefore: daysBefore ?? null,
            windowVersion,
            failure,
            smtpCode: smtpCode ?? null,
            attempts,
            // null once the contact's key is destroyed.
            reason: personal?.reason ?? null,
          }),
        ];
      }
      default:
        return [];
    }
  },
};

/** Every column of the entry, so that the writer need not read it first: what the event leaves out is null. */
function historyEntry(
  { event, eventId, revision, recordedAt, metadata }: ProjectedEvent,
  facts: Partial<ContactHistoryEntry> & Pick<ContactHistoryEntry, 'contactId' | 'caseId'>,
): RowChange {
  const row: ContactHistoryEntry = {
    eventId,
    streamRevision: String(revision),
    type: event.type as ContactHistoryEntry['type'],
    at: recordedAt,
    recordedAt,
    recordedBy: typeof metadata.recordedBy === 'string' ? metadata.recordedBy : null,
    role: null,
    consentToContact: null,
    changedFields: null,
    requestedBy: null,
    waveId: null,
    interviewId: null,
    interviewedOn: null,
    reminderId: null,
    kind: null,
    daysBefore: null,
    windowVersion: null,
    messageId: null,
    failure: null,
    smtpCode: null,
    attempts: null,
    reason: null,
    ...facts,
  };
  return { op: 'upsert', entity: ContactHistoryEntry, row, conflictPaths: ['eventId'] };
}
