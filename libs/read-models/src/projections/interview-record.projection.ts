import { InterviewRecord } from '../entities/interview-record.entity.js';
import type { Projection, RowChange } from './projection.js';

/** The interviews held in each wave. */
export const interviewRecordProjection: Projection = {
  name: 'interview-record',
  version: 1,
  tables: [InterviewRecord],
  handles: ['InterviewRecorded'],
  project({ event, metadata }): RowChange[] {
    if (event.type !== 'InterviewRecorded') return [];
    const { interviewId, waveId, caseId, role, interviewedOn, interviewerAccountId, consent, transcriptReference, contactId } = event.data;
    const row: Partial<InterviewRecord> = {
      interviewId,
      waveId,
      caseId,
      role,
      interviewedOn,
      interviewerAccountId,
      recordedBy: typeof metadata.recordedBy === 'string' ? metadata.recordedBy : null,
      consent,
      transcriptReference: transcriptReference ?? null,
      contactId: contactId ?? null,
    };
    return [{ op: 'upsert', entity: InterviewRecord, row, conflictPaths: ['interviewId'] }];
  },
};
