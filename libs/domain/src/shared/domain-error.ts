// Domain errors are values with a kind; the HTTP edge maps each kind to a status and a
// problem+json body, so the domain never knows about transports.

export interface FieldError {
  /** JSON path of the offending input, e.g. `serviceAreas[1]` or `endsOn`. */
  field: string;
  /** Short machine-readable rule name, e.g. `required`, `one-of`, `not-in-future`. */
  rule: string;
  message: string;
}

export type DomainErrorKind = 'validation-failed' | 'not-found' | 'rule-violated' | 'not-permitted';

export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;
}

export class ValidationFailed extends DomainError {
  readonly kind = 'validation-failed' as const;
  constructor(readonly errors: FieldError[]) {
    super(`Validation failed: ${errors.map((e) => `${e.field} (${e.rule})`).join(', ')}`);
  }
}

export class NotFound extends DomainError {
  readonly kind = 'not-found' as const;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} was not found`);
  }
}

/** A command that is well-formed but contradicts what has already happened. */
export class RuleViolated extends DomainError {
  readonly kind = 'rule-violated' as const;
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

/** The record allows the change, but not to the one who asks: the rule decides who may. */
export class NotPermitted extends DomainError {
  readonly kind = 'not-permitted' as const;
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}
