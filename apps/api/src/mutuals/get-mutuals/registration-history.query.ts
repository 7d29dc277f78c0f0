import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { NotFound } from '@casebook/domain';
import { RegistrationHistoryEntry } from '@casebook/read-models';
import type { RegistrationHistory } from './mutual.response.dto.js';

/** jsonb keeps no key order, so the changed details are listed in the registration's own order. */
const REGISTRATION_DETAILS = ['name', 'serviceAreas', 'region', 'legalForm', 'parentBody'];

/** Every version of a mutual's registration, each with the details as they then stood. */
export class GetRegistrationHistory extends Query<RegistrationHistory> {
  constructor(readonly mutualId: string) {
    super();
  }
}

@QueryHandler(GetRegistrationHistory)
export class GetRegistrationHistoryHandler implements IQueryHandler<GetRegistrationHistory> {
  constructor(@InjectRepository(RegistrationHistoryEntry) private readonly history: Repository<RegistrationHistoryEntry>) {}

  async execute({ mutualId }: GetRegistrationHistory): Promise<RegistrationHistory> {
    const entries = await this.history.find({ where: { mutualId }, order: { streamRevision: 'ASC' } });
    if (entries.length === 0) throw new NotFound('mutual', mutualId);
    let details: Record<string, unknown> = {};
    const versions = entries.map((entry) => {
      // A detail corrected to null is cleared: it leaves the registration.
      details = Object.fromEntries(Object.entries({ ...details, ...entry.details }).filter(([, value]) => value !== null));
      return {
        change: entry.change,
        details,
        changed: REGISTRATION_DETAILS.filter((field) => Object.hasOwn(entry.details, field)),
        ...(entry.reason !== null && { reason: entry.reason }),
        ...(entry.recordedBy !== null && { recordedBy: entry.recordedBy }),
        recordedAt: entry.recordedAt.toISOString(),
        ...(entry.source !== null && { source: entry.source }),
      };
    });
    return { mutualId, versions };
  }
}
