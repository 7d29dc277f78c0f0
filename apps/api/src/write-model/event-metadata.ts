import type { Source } from '@casebook/domain';

/** What every stored event says about how it came to be recorded. */
export interface EventMetadata {
  /** Shared by everything one request caused, across apps and jobs. */
  correlationId: string;
  /** The message (here: the HTTP request) that directly caused the event. */
  causationId: string;
  recordedAt: string;
  /** The account that recorded it. */
  recordedBy: string;
  /** Where the fact comes from, when the request said. */
  source?: Source;
  /** The Idempotency-Key of the request, when it had one. */
  idempotencyKey?: string;
}
