// One stream per export: the record that it happened, who took what, at which level. An export
// is a single fact, so the decider only refuses recording the same export twice.
import { assertNever } from '../shared/assert-never.js';
import type { Decider } from '../shared/decider.js';
import { RuleViolated } from '../shared/domain-error.js';
import type { DataExported, ExportEvent } from './export.events.js';

export const exportStreamName = (exportId: string) => `export-${exportId}`;

export interface RecordExport {
  type: 'RecordExport';
  data: Omit<DataExported['data'], 'exportedAt'>;
  now: string;
}

export type ExportCommand = RecordExport;

export type ExportState = { status: 'none' } | { status: 'recorded'; exportId: string };

export const exportDecider: Decider<ExportCommand, ExportEvent, ExportState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    switch (command.type) {
      case 'RecordExport':
        if (state.status === 'recorded') throw new RuleViolated('already-recorded', `Export ${state.exportId} is already recorded`);
        return [{ type: 'DataExported', data: { ...command.data, exportedAt: command.now } }];
      default:
        return assertNever(command.type);
    }
  },

  evolve(_state, event) {
    switch (event.type) {
      case 'DataExported':
        return { status: 'recorded', exportId: event.data.exportId };
      default:
        return assertNever(event.type);
    }
  },
};
