import { WaveCase } from '../entities/wave-case.entity.js';
import { WaveProgress } from '../entities/wave-progress.entity.js';
import type { Projection, RowChange } from './projection.js';

/**
 * Where each interview wave stands: its window, lifecycle status and interview count. The
 * status follows the case decider's lifecycle; overdue is not stored, as it changes with the date.
 * Wave events name only their case, so the projection keeps each case's study and mutual from
 * its enrolment.
 */
export const waveProgressProjection: Projection = {
  name: 'wave-progress',
  version: 1,
  tables: [WaveCase, WaveProgress],
  handles: [
    'CaseEnrolled',
    'WaveScheduled',
    'WaveRescheduled',
    'WaveCancelled',
    'WaveCompleted',
    'WaveSignedOff',
    'WaveSkipped',
    'InterviewRecorded',
  ],
  project({ event }): RowChange[] {
    if (event.type === 'CaseEnrolled') {
      const { caseId, studyId, mutualId } = event.data;
      return [{ op: 'upsert', entity: WaveCase, row: { caseId, studyId, mutualId }, conflictPaths: ['caseId'] }];
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
        return [{ op: 'upsert', entity: WaveProgress, row, conflictPaths: ['waveId'] }];
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
