import type { DomainEvent } from '@casebook/domain';
import { InterviewRecord } from '../entities/interview-record.entity.js';
import { interviewRecordProjection } from './interview-record.projection.js';

const recordedAt = new Date('2026-11-23T10:00:00Z');
const project = (event: DomainEvent, metadata: Record<string, unknown> = { recordedBy: 'a-recorder' }) =>
  interviewRecordProjection.project({
    event,
    revision: 4n,
    streamName: 'case-c',
    position: { commit: 1n, prepare: 1n },
    recordedAt,
    metadata,
    eventId: 'e1',
  });

describe('interview record projection', () => {
  it('keeps an interview with its transcript and contact, and who held and recorded it by account', () => {
    expect(
      project({
        type: 'InterviewRecorded',
        data: {
          caseId: 'c',
          waveId: 'w',
          interviewId: 'i',
          role: 'director',
          interviewedOn: '2026-02-02',
          interviewerAccountId: 'a-interviewer',
          consent: 'given',
          transcriptReference: 'T-14',
          contactId: 'p',
        },
      }),
    ).toEqual([
      {
        op: 'upsert',
        entity: InterviewRecord,
        conflictPaths: ['interviewId'],
        row: {
          interviewId: 'i',
          waveId: 'w',
          caseId: 'c',
          role: 'director',
          interviewedOn: '2026-02-02',
          interviewerAccountId: 'a-interviewer',
          recordedBy: 'a-recorder',
          consent: 'given',
          transcriptReference: 'T-14',
          contactId: 'p',
        },
      },
    ]);
  });

  it('stores absent optional fields as null', () => {
    const [change] = project(
      {
        type: 'InterviewRecorded',
        data: {
          caseId: 'c',
          waveId: 'w',
          interviewId: 'i',
          role: 'staff',
          interviewedOn: '2026-02-02',
          interviewerAccountId: null,
          consent: 'not-recorded',
        },
      },
      {},
    );
    expect(change).toMatchObject({ row: { interviewerAccountId: null, recordedBy: null, transcriptReference: null, contactId: null } });
  });

  it('ignores other events', () => {
    expect(
      project({
        type: 'WaveCompleted',
        data: { caseId: 'c', waveId: 'w', occurredOn: '2026-11-23', completedAt: recordedAt.toISOString() },
      }),
    ).toEqual([]);
  });
});
