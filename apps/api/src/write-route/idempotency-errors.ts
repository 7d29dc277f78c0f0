/** The Idempotency-Key is in use by another request (in progress, or a different body). */
export class IdempotencyConflict extends Error {
  constructor(
    readonly reason: 'in-progress' | 'mismatch',
    message: string,
  ) {
    super(message);
  }
}
