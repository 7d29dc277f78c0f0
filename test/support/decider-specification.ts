// given / when / then for deciders: given past events, when a command, then new events or
// an error. Pure, so every business rule can have one such test that runs in milliseconds.
import type { Decider } from '@casebook/domain';

export function deciderSpecification<C, E, S>(decider: Decider<C, E, S>) {
  return {
    given(events: E[]) {
      return {
        when(command: C) {
          const run = () => decider.decide(command, events.reduce(decider.evolve, decider.initialState()));
          return {
            then(expected: E[]) {
              expect(run()).toEqual(expected);
            },
            thenThrows<T extends Error>(errorType: new (...args: never[]) => T, check?: (error: T) => void) {
              let caught: unknown;
              try {
                run();
              } catch (error) {
                caught = error;
              }
              expect(caught).toBeInstanceOf(errorType);
              check?.(caught as T);
            },
          };
        },
      };
    },
  };
}
