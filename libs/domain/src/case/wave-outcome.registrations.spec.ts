import { fromStoredEvent, toStoredEvent } from '../event-registry.js';

// Payloads exactly as version 1 stored them, before outcomes carried the day they happened.
const v1 = {
  'CaseWithdrawn.v1': { caseId: 'c-1', reason: 'The mutual closed', withdrawnAt: '2020-03-20T17:45:00.000Z' },
  'WaveCompleted.v1': { caseId: 'c-1', waveId: 'w-1', completedAt: '2019-03-29T16:00:00.000Z' },
  'WaveSkipped.v1': { caseId: 'c-1', waveId: 'w-2', reason: 'Restructuring', skippedAt: '2019-06-03T08:15:00.000Z' },
  'WaveCancelled.v1': { caseId: 'c-1', waveId: 'w-3', reason: 'Lockdown', cancelledAt: '2020-03-23T23:59:59.999Z' },
  'WaveSignedOff.v1': { caseId: 'c-1', waveId: 'w-1', note: 'Checked', signedOffAt: '2019-04-01T00:00:00.000Z' },
};

describe('stored outcomes of waves and cases', () => {
  it('reads version 1 with the day it was recorded as the day it happened', () => {
    expect(Object.entries(v1).map(([type, data]) => fromStoredEvent(type, data))).toEqual([
      { type: 'CaseWithdrawn', data: { ...v1['CaseWithdrawn.v1'], occurredOn: '2020-03-20' } },
      { type: 'WaveCompleted', data: { ...v1['WaveCompleted.v1'], occurredOn: '2019-03-29' } },
      { type: 'WaveSkipped', data: { ...v1['WaveSkipped.v1'], occurredOn: '2019-06-03' } },
      { type: 'WaveCancelled', data: { ...v1['WaveCancelled.v1'], occurredOn: '2020-03-23' } },
      { type: 'WaveSignedOff', data: { ...v1['WaveSignedOff.v1'], occurredOn: '2019-04-01' } },
    ]);
  });

  it('writes version 2, which reads back unchanged, its own day kept', () => {
    const cancelled = {
      type: 'WaveCancelled' as const,
      data: { caseId: 'c-1', waveId: 'w-3', reason: 'Lockdown', occurredOn: '2020-03-16', cancelledAt: '2026-11-23T10:00:00.000Z' },
    };
    const stored = toStoredEvent(cancelled);
    expect(stored.type).toBe('WaveCancelled.v2');
    expect(fromStoredEvent(stored.type, JSON.parse(JSON.stringify(stored.data)))).toEqual(cancelled);
  });

  it('leaves the version 1 payload it reads as it was', () => {
    const payload = { ...v1['WaveCompleted.v1'] };
    fromStoredEvent('WaveCompleted.v1', payload);
    expect(payload).toEqual(v1['WaveCompleted.v1']);
  });
});
