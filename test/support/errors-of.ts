import { ValidationFailed } from '@casebook/domain';

/** The [field, rule] pairs a command reader refused, in the order it reported them. */
export function errorsOf(run: () => unknown): [string, string][] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationFailed) return error.errors.map((e) => [e.field, e.rule]);
    throw error;
  }
  throw new Error('expected a validation failure');
}
