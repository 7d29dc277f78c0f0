import type { FastifyReply } from 'fastify';
import { formatPosition } from '@casebook/event-store';
import { etagFor } from '../http/if-match.js';
import type { WriteResponse } from '../mutuals/write-response.dto.js';
import type { WriteResult } from '../write-model/decider-runner.js';

/** The answer to every write about a case: the record's id, the case's new version (also the ETag), and the position to wait for. */
export function answerWrite(reply: FastifyReply, id: string, result: WriteResult): WriteResponse {
  void reply.header('etag', etagFor(result.version));
  // A write that changed nothing (the same window again) appended nothing, so has no position.
  return { id, version: result.version, position: result.position ? formatPosition(result.position) : '' };
}
