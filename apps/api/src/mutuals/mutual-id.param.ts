import { ParseUUIDPipe } from '@nestjs/common';
import { NotFound } from '@casebook/domain';

/** Ids are UUIDs; anything else cannot name a mutual, so it is a 404 like any unknown id. */
export const MUTUAL_ID = new ParseUUIDPipe({
  exceptionFactory: () => new NotFound('mutual', 'with that id'),
});
