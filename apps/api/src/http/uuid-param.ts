import { ParseUUIDPipe } from '@nestjs/common';
import { NotFound } from '@casebook/domain';

/** Ids are UUIDs; anything else cannot name a record, so it is a 404 like any unknown id. */
export const UUID_PARAM = new ParseUUIDPipe({
  exceptionFactory: () => new NotFound('record', 'with that id'),
});
