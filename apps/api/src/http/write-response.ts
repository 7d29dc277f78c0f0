import { ApiProperty } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { formatPosition } from '@casebook/event-store';
import type { WriteResult } from '../write-model/decider-runner.js';
import { etagFor } from './if-match.js';

/** The answer to every write: the record's id, the aggregate's new version, and where to wait. */
export class WriteResponse {
  @ApiProperty({ format: 'uuid', description: 'Id of the record created or changed' })
  id!: string;

  @ApiProperty({ example: 2, description: 'Version of the aggregate after this write; also sent as the ETag' })
  version!: number;

  @ApiProperty({
    example: '7481/118',
    description: 'Position of the write in the event log; read models at or past it include it. Empty when nothing changed.',
  })
  position!: string;
}

export function answerWrite(reply: FastifyReply, id: string, result: WriteResult): WriteResponse {
  void reply.header('etag', etagFor(result.version));
  // A write that changed nothing appended nothing, so it has no position.
  return { id, version: result.version, position: result.position ? formatPosition(result.position) : '' };
}
