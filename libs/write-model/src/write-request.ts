import type { Source } from '@casebook/domain';

/** What a write takes from the request that caused it, besides the command itself. */
export interface WriteRequest {
  /** Shared by everything one request caused, across apps and jobs. */
  correlationId: string;
  /** The message (here: the HTTP request) that directly caused the write. */
  causationId: string;
  /** The account that recorded it. */
  recordedBy: string;
  idempotencyKey?: string;
  /** The version the client last read (its If-Match); absent means whatever the record holds now. */
  expectedVersion?: number;
}

/** What every stored event says about how it came to be recorded. */
export interface EventMetadata extends Pick<WriteRequest, 'correlationId' | 'causationId' | 'recordedBy' | 'idempotencyKey'> {
  recordedAt: string;
  /** Where the fact comes from, when the request said. */
  source?: Source;
}
