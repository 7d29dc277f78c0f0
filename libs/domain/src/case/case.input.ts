// What the case commands' bodies share beyond shared/body-fields.ts.
import { day, optional } from '../shared/body-fields.js';

/** Commands whose fields are all optional may come as a POST with no body at all. */
export const orEmptyBody = (input: unknown): unknown => input ?? {};

/**
 * The day an outcome happened in the field, `occurredOn`: by default the day of the request
 * (UTC), never later, since nobody records tomorrow's outcome today.
 */
export const outcomeDay = optional(
  day('The day it happened, which may be long before it is recorded; by default the day of the request (UTC).', { past: true }),
);
