// Ids for new records and events. Under an Idempotency-Key they are derived from the key, so
// that a request re-run after a crash writes the very same events, which the event store then
// recognises as already appended: a retried write is recorded once, whatever failed in between.
import { createHash, randomUUID } from 'node:crypto';
import type { WriteRequest } from './write-request.js';

export function newId(context: Pick<WriteRequest, 'idempotencyKey' | 'recordedBy'>, purpose: string): string {
  if (!context.idempotencyKey) return randomUUID();
  return uuidFromHash(`${context.recordedBy}\u0000${context.idempotencyKey}\u0000${purpose}`);
}

/** A version-4-shaped UUID made from a hash, so that the same input always gives the same id. */
export function uuidFromHash(input: string): string {
  const bytes = createHash('sha256').update(input).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
