import type { DomainEvent } from '@casebook/domain';
import { ContactHistoryEntry } from '../entities/contact-history-entry.entity.js';
import { ContactRecord } from '../entities/contact-record.entity.js';
import { contactsProjection } from './contacts.projection.js';
import type { RowChange } from './projection.js';

const recordedAt = new Date('2027-02-15T09:00:01.000Z');
const caseId = 'c';
const contactId = 'p';
const project = (event: DomainEvent, revision = 4n) =>
  contactsProjection.project({
    event,
    revision,
    streamName: `case-${caseId}`,
    position: { commit: 1n, prepare: 1n },
    recordedAt,
    metadata: { recordedBy: 'worker' },
    eventId: 'e1',
  });

const entryOf = (changes: RowChange[]) => changes.find((change) => change.entity === ContactHistoryEntry);
const reminder = {
  caseId,
  waveId: 'w',
  contactId,
  reminderId: 'reminder_w_p_before-14_v1',
  kind: 'before-opening' as const,
  daysBefore: 14,
  windowVersion: 1,
};

describe('contacts projection: the contact history', () => {
  it('enters a sent reminder with its kind, wave, time and message id, every other column null', () => {
    const changes = project({ type: 'ReminderSent', data: { ...reminder, messageId: '<m@x>', sentAt: '2027-02-15T09:00:00.000Z' } });
    expect(changes).toHaveLength(1);
    const entry = entryOf(changes);
    expect(entry).toMatchObject({ op: 'upsert', conflictPaths: ['eventId'] });
    expect(entry?.op === 'upsert' && entry.row).toEqual({
      eventId: 'e1',
      contactId,
      caseId,
      streamRevision: '4',
      type: 'ReminderSent',
      at: new Date('2027-02-15T09:00:00.000Z'),
      recordedAt,
      recordedBy: 'worker',
      role: null,
      consentToContact: null,
      changedFields: null,
      requestedBy: null,
      waveId: 'w',
      interviewId: null,
      interviewedOn: null,
      reminderId: reminder.reminderId,
      kind: 'before-opening',
      daysBefore: 14,
      windowVersion: 1,
      messageId: '<m@x>',
      failure: null,
      smtpCode: null,
      attempts: null,
      reason: null,
    });
  });

  it("enters a failed reminder with the mail server's words, or null once the contact's key is gone", () => {
    const failed = (personal: { reason: string } | null) =>
      project({
        type: 'ReminderFailed',
        data: { ...reminder, failure: 'rejected', smtpCode: 550, attempts: 1, failedAt: '2027-02-15T09:00:00.000Z', personal },
      });
    expect(entryOf(failed({ reason: '550 no such user' }))).toMatchObject({
      row: { type: 'ReminderFailed', failure: 'rejected', smtpCode: 550, attempts: 1, reason: '550 no such user', messageId: null },
    });
    expect(entryOf(failed(null))).toMatchObject({ row: { reason: null } });
  });

  it('names the details that changed, never their values', () => {
    const changes = project({ type: 'ContactDetailsUpdated', data: { caseId, contactId, personal: { email: 'new@example.org' } } });
    expect(JSON.stringify(entryOf(changes))).not.toContain('example.org');
    expect(entryOf(changes)).toMatchObject({ row: { type: 'ContactDetailsUpdated', changedFields: ['email'] } });
    // Read back after an erasure: no details, and no change of the contact's row.
    expect(project({ type: 'ContactDetailsUpdated', data: { caseId, contactId, personal: null } })).toEqual([
      expect.objectContaining({ entity: ContactHistoryEntry, row: expect.objectContaining({ changedFields: [] }) }),
    ]);
  });

  it("blanks the reasons in every entry of the contact's history on erasure, and enters the erasure", () => {
    const changes = project({
      type: 'ContactErased',
      data: { caseId, contactId, erasedAt: '2027-03-01T12:00:00.000Z', requestedBy: 'contact' },
    });
    expect(changes).toContainEqual({ op: 'update', entity: ContactHistoryEntry, where: { contactId }, set: { reason: null } });
    expect(changes).toContainEqual(expect.objectContaining({ entity: ContactRecord, op: 'update' }));
    expect(entryOf(changes.filter((change) => change.op === 'upsert'))).toMatchObject({
      row: { type: 'ContactErased', requestedBy: 'contact', at: new Date('2027-03-01T12:00:00.000Z') },
    });
  });

  it('enters interviews of the contact, and not those of people who are no contact', () => {
    const interview = {
      caseId,
      waveId: 'w',
      interviewId: 'i',
      role: 'director' as const,
      interviewedOn: '2027-03-04',
      interviewerAccountId: 'a',
      consent: 'given' as const,
    };
    expect(project({ type: 'InterviewRecorded', data: { ...interview, contactId } })).toEqual([
      expect.objectContaining({
        row: expect.objectContaining({ type: 'InterviewRecorded', waveId: 'w', interviewId: 'i', role: 'director' }),
      }),
    ]);
    expect(project({ type: 'InterviewRecorded', data: interview })).toEqual([]);
  });
});
