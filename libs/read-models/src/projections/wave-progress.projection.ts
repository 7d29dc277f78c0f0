import { WaveCase } from '../entities/wave-case.entity.js';
import { WaveCaseContact } from '../entities/wave-case-contact.entity.js';
import { WaveContact } from '../entities/wave-contact.entity.js';
import { WaveProgress } from '../entities/wave-progress.entity.js';
import type { Projection, RowChange } from './projection.js';

/**
 * Where each interview wave stands: its window, lifecycle status and interview count, and the
 * contacts it named or reminded with what became of their reminders. The status follows the case
 * decider's lifecycle; overdue is not stored, as it changes with the date. Wave events name only
 * their case, so the projection keeps each case's study and mutual from its enrolment, and whether
 * each contact has opted out from the contacts' own events.
 */
export const waveProgressProjection: Projection = {
  name: 'wave-progress',
  // 2: the contacts of each wave, and which contacts have opted out.
  version: 2,
  tables: [WaveCase, WaveProgress, WaveContact, WaveCaseContact],
  handles: [
    'CaseEnrolled',
    'WaveScheduled',
    'WaveRescheduled',
    'WaveCancelled',
    'WaveCompleted',
    'WaveSignedOff',
    'WaveSkipped',
    'InterviewRecorded',
    'ReminderSent',
    'ReminderFailed',
    'ContactOptedOut',
    'ContactConsentChanged',
  ],
  project({ event }): RowChange[] {
    if (event.type === 'CaseEnrolled') {
      const { caseId, studyId, mutualId } = event.data;
      return [{ op: 'upsert', entity: WaveCase, row: { caseId, studyId, mutualId }, conflictPaths: ['caseId'] }];
    }
    // A contact may opt out before a wave names them or after, so opt-outs are kept per contact.
    if (event.type === 'ContactOptedOut' || event.type === 'ContactConsentChanged') {
      const { caseId, contactId } = event.data;
      // Consenting again lifts an opt-out, as the case decider does; withdrawing consent is no opt-out.
      if (event.type === 'ContactConsentChanged' && !event.data.consentToContact) return [];
      const optedOut = event.type === 'ContactOptedOut';
      return [{ op: 'upsert', entity: WaveCaseContact, row: { contactId, caseId, optedOut }, conflictPaths: ['contactId'] }];
    }
    // Flags rather than counts, so that a contact reminded twice, or an event seen again, counts once.
    if (event.type === 'ReminderSent' || event.type === 'ReminderFailed') {
      const { waveId, caseId, contactId } = event.data;
      const outcome = event.type === 'ReminderSent' ? { reminded: true } : { failed: true };
      return [
        {
          op: 'upsert',
          entity: WaveContact,
          row: { ...waveContact(waveId, contactId, caseId), ...outcome },
          conflictPaths: ['waveContact'],
        },
      ];
    }
    if (!('waveId' in event.data) || !('caseId' in event.data)) return [];
    const where = { waveId: event.data.waveId };
    switch (event.type) {
      case 'WaveScheduled': {
        const { waveId, caseId, waveNumber, opensOn, closesOn } = event.data;
        const row: Partial<WaveProgress> = {
          waveId,
          caseId,
          waveNumber,
          opensOn,
          closesOn,
          status: 'scheduled',
          interviewCount: 0,
          signedOffAt: null,
          completedOn: null,
          skippedOn: null,
          cancelledOn: null,
          signedOffOn: null,
          skippedReason: null,
          cancelledReason: null,
        };
        return [
          { op: 'upsert', entity: WaveProgress, row, conflictPaths: ['waveId'] },
          ...event.data.remindContactIds.map((contactId): RowChange => ({
            op: 'upsert',
            entity: WaveContact,
            row: { ...waveContact(waveId, contactId, caseId), named: true },
            conflictPaths: ['waveContact'],
          })),
        ];
      }
      case 'WaveRescheduled':
        return [{ op: 'update', entity: WaveProgress, where, set: { opensOn: event.data.opensOn, closesOn: event.data.closesOn } }];
      case 'InterviewRecorded':
        return [
          { op: 'increment', entity: WaveProgress, where, column: 'interviewCount', by: 1 },
          // The first interview starts the wave; later ones leave its status as it is.
          { op: 'update', entity: WaveProgress, where: { ...where, status: 'scheduled' }, set: { status: 'in-progress' } },
        ];
      case 'WaveCompleted':
        return [{ op: 'update', entity: WaveProgress, where, set: { status: 'completed', completedOn: event.data.occurredOn } }];
      case 'WaveSkipped':
        return [
          {
            op: 'update',
            entity: WaveProgress,
            where,
            set: { status: 'skipped', skippedReason: event.data.reason, skippedOn: event.data.occurredOn },
          },
        ];
      case 'WaveCancelled':
        return [
          {
            op: 'update',
            entity: WaveProgress,
            where,
            set: { status: 'cancelled', cancelledReason: event.data.reason, cancelledOn: event.data.occurredOn },
          },
        ];
      case 'WaveSignedOff':
        return [
          {
            op: 'update',
            entity: WaveProgress,
            where,
            set: { status: 'signed-off', signedOffAt: new Date(event.data.signedOffAt), signedOffOn: event.data.occurredOn },
          },
        ];
      default:
        return [];
    }
  },
};

function waveContact(waveId: string, contactId: string, caseId: string): Partial<WaveContact> {
  return { waveContact: `${waveId}:${contactId}`.toLowerCase(), waveId, contactId, caseId };
}
