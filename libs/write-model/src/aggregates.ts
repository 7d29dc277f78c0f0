// The aggregates the API records, each a decider from the domain and the stream its record
// lives in. Every write names one of them; the rest of the write path is the same for all.
import {
  type Decider,
  type DomainEvent,
  accountDecider,
  accountStreamName,
  caseDecider,
  caseStreamName,
  exportDecider,
  exportStreamName,
  mutualDecider,
  mutualStreamName,
  studyDecider,
  studyStreamName,
} from '@casebook/domain';

export interface Aggregate<C, S> {
  /** Names the aggregate in a 404 and in the aggregate's command class. */
  name: string;
  decider: Decider<C, DomainEvent, S>;
  streamName(id: string): string;
}

// A stream holds only its own aggregate's events, so each decider is handed only its own.
const aggregate = <C, E extends DomainEvent, S>(
  name: string,
  decider: Decider<C, E, S>,
  streamName: (id: string) => string,
): Aggregate<C, S> => ({
  name,
  decider: decider as unknown as Decider<C, DomainEvent, S>,
  streamName,
});

export const Mutuals = aggregate('mutual', mutualDecider, mutualStreamName);
export const Cases = aggregate('case', caseDecider, caseStreamName);
export const Studies = aggregate('study', studyDecider, studyStreamName);
export const Accounts = aggregate('account', accountDecider, accountStreamName);
export const Exports = aggregate('export', exportDecider, exportStreamName);
