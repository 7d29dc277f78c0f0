import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { NotPermitted, RuleViolated } from '../shared/domain-error.js';
import { assertMayExport } from './export-columns.js';
import { exportDecider, exportStreamName, type RecordExport } from './export.decider.js';
import type { ExportEvent } from './export.events.js';

const spec = deciderSpecification(exportDecider);
const exportId = '1e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b';
const record: RecordExport = {
  type: 'RecordExport',
  data: {
    exportId,
    studyId: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b',
    view: 'contacts',
    format: 'ndjson',
    level: 'personal',
    freeText: true,
    filters: {},
    accountId: '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f',
  },
  now: '2026-12-03T12:00:00.000Z',
};
const exported: ExportEvent = { type: 'DataExported', data: { ...record.data, exportedAt: record.now } };

describe('export decider', () => {
  it('records an export, stamped with the moment it was asked for', () => {
    spec.given([]).when(record).then([exported]);
    expect(exportStreamName(exportId)).toBe(`export-${exportId}`);
  });

  it('refuses to record the same export twice', () => {
    spec
      .given([exported])
      .when(record)
      .thenThrows(RuleViolated, (error) => expect(error.rule).toBe('already-recorded'));
  });
});

describe('who may export at which level', () => {
  const outcome = (role: 'viewer' | 'researcher' | 'admin', level: 'deidentified' | 'full' | 'personal') => {
    try {
      assertMayExport(role, level);
      return 'allowed';
    } catch (error) {
      return (error as NotPermitted).rule;
    }
  };

  it('lets every reader take a de-identified export, researchers the full record, and administrators alone personal data', () => {
    expect(outcome('viewer', 'deidentified')).toBe('allowed');
    expect(outcome('viewer', 'full')).toBe('export-level-full-needs-researcher');
    expect(outcome('viewer', 'personal')).toBe('export-level-personal-needs-admin');
    expect(outcome('researcher', 'full')).toBe('allowed');
    expect(outcome('researcher', 'personal')).toBe('export-level-personal-needs-admin');
    expect(outcome('admin', 'personal')).toBe('allowed');
  });
});
