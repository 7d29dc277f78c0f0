// The processor passes over events a projection does not declare in `handles` without showing
// them to it. That is only right if those events would have changed nothing: checked here over
// random histories of every event type, and, the other way, that each declared type does change
// rows in some history, so that no projection reads more than it needs.
import fc from 'fast-check';
import { domainEventTypes } from '@casebook/domain';
import { eventSequence } from '../../../../test/support/event-sequences.js';
import { READ_MODEL_PROJECTIONS } from './index.js';

describe('the event types each projection handles', () => {
  const histories = fc.sample(eventSequence({ minLength: 200, maxLength: 400 }), { numRuns: 60, seed: 20261203 });
  const events = histories.flat();

  it('are covered by the histories checked: every event type appears in them', () => {
    expect(new Set(events.map(({ event }) => event.type))).toEqual(new Set(domainEventTypes()));
  });

  it.each(READ_MODEL_PROJECTIONS.map((projection) => [projection.name, projection] as const))(
    '%s changes nothing for the events it does not handle, and something for each it does',
    (_, projection) => {
      const handled = new Set<string>(projection.handles);
      const changing = new Set<string>();
      for (const projected of events) if (projection.project(projected).length > 0) changing.add(projected.event.type);
      expect({ unhandledButChanging: [...changing].filter((type) => !handled.has(type)) }).toEqual({ unhandledButChanging: [] });
      expect({ handledButNeverChanging: [...handled].filter((type) => !changing.has(type)) }).toEqual({ handledButNeverChanging: [] });
    },
  );
});
