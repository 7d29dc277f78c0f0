// A contact's history: every event about them (added, details changed, consent, opt-out,
// interviews, reminders sent or failed for good, erasure), in the order recorded, a page at a time
// behind a keyset cursor on the case-stream revision, so a walk sees each entry once while more are
// recorded. The reasons in it are personal data, shown only to those who may see them.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type ContactHistoryCursor, type ReminderKind, NotFound } from '@casebook/domain';
import type { ContactHistoryEventType } from '@casebook/read-models';
import type { ContactHistoryEntryResponse } from './contact-history.response.dto.js';

export interface ContactHistoryPage {
  entries: ContactHistoryEntryResponse[];
  nextCursor?: ContactHistoryCursor;
}

export class GetContactHistory extends Query<ContactHistoryPage> {
  constructor(
    readonly caseId: string,
    readonly contactId: string,
    /** Whether the reader may see the contact's personal data: the reasons in the history. */
    readonly showPersonal: boolean,
    readonly limit: number,
    readonly after?: ContactHistoryCursor,
  ) {
    super();
  }
}

interface EntryRow {
  event_id: string;
  revision: string;
  type: ContactHistoryEventType;
  at: Date;
  recorded_at: Date;
  recorded_by: string | null;
  role: string | null;
  consent_to_contact: boolean | null;
  changed_fields: string[] | null;
  requested_by: string | null;
  wave_id: string | null;
  wave_number: number | null;
  interview_id: string | null;
  interviewed_on: string | null;
  reminder_id: string | null;
  kind: ReminderKind | null;
  days_before: number | null;
  window_version: number | null;
  message_id: string | null;
  failure: string | null;
  smtp_code: number | null;
  attempts: number | null;
  reason: string | null;
}

@QueryHandler(GetContactHistory)
export class GetContactHistoryHandler implements IQueryHandler<GetContactHistory> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async execute({ caseId, contactId, showPersonal, limit, after }: GetContactHistory): Promise<ContactHistoryPage> {
    const [contact]: { erased: boolean }[] = await this.dataSource.query(
      `SELECT erased FROM read_models.contacts WHERE contact_id = $1::uuid AND case_id = $2::uuid`,
      [contactId, caseId],
    );
    if (!contact) throw new NotFound('contact', contactId);
    // The revision is aliased: ORDER BY would otherwise sort its text (docs: PostgreSQL facts).
    const rows: EntryRow[] = await this.dataSource.query(
      `SELECT h.event_id, h.stream_revision::text AS revision, h.type, h.at, h.recorded_at, h.recorded_by, h.role,
              h.consent_to_contact, h.changed_fields, h.requested_by, h.wave_id, w.wave_number, h.interview_id,
              to_char(h.interviewed_on, 'YYYY-MM-DD') AS interviewed_on, h.reminder_id, h.kind, h.days_before,
              h.window_version, h.message_id, h.failure, h.smtp_code, h.attempts, h.reason
         FROM read_models.contact_history h
         LEFT JOIN read_models.waves w ON w.wave_id = h.wave_id
        WHERE h.contact_id = $1::uuid AND h.case_id = $2::uuid AND h.stream_revision > $3::bigint
        ORDER BY h.stream_revision
        LIMIT $4`,
      [contactId, caseId, after ?? '-1', limit + 1],
    );
    const page = rows.slice(0, limit);
    // The projection blanks the reasons on erasure; an erased contact's are withheld even before it has.
    const reasonShown = showPersonal && !contact.erased;
    const last = page.at(-1);
    return {
      entries: page.map((row) => entryOf(row, reasonShown)),
      ...(rows.length > limit && last && { nextCursor: last.revision }),
    };
  }
}

function entryOf(row: EntryRow, reasonShown: boolean): ContactHistoryEntryResponse {
  const hasReason = row.type === 'ReminderFailed' || row.type === 'ContactOptedOut';
  return {
    eventId: row.event_id,
    type: row.type,
    at: new Date(row.at).toISOString(),
    recordedAt: new Date(row.recorded_at).toISOString(),
    ...(row.recorded_by !== null && { recordedBy: row.recorded_by }),
    ...(row.role !== null && { role: row.role }),
    ...(row.consent_to_contact !== null && { consentToContact: row.consent_to_contact }),
    ...(row.changed_fields !== null && { changedFields: row.changed_fields }),
    ...(row.requested_by !== null && { requestedBy: row.requested_by }),
    ...(row.wave_id !== null && { waveId: row.wave_id }),
    ...(row.wave_number !== null && { waveNumber: row.wave_number }),
    ...(row.interview_id !== null && { interviewId: row.interview_id }),
    ...(row.interviewed_on !== null && { interviewedOn: row.interviewed_on }),
    ...(row.reminder_id !== null && { reminderId: row.reminder_id }),
    ...(row.kind !== null && { kind: row.kind }),
    ...(row.days_before !== null && { daysBefore: row.days_before }),
    ...(row.window_version !== null && { windowVersion: row.window_version }),
    ...(row.message_id !== null && { messageId: row.message_id }),
    ...(row.failure !== null && { failure: row.failure }),
    ...(row.smtp_code !== null && { smtpCode: row.smtp_code }),
    ...(row.attempts !== null && { attempts: row.attempts }),
    ...(hasReason && { reason: reasonShown ? row.reason : null }),
  };
}
