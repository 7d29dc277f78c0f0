// A mutual's profile on a day, folded by the domain (profileOn) from its timeline rows: as now
// believed, or, with knownBefore, from what had been recorded by then (the registration
// corrections too). profileOn applies the milestones certainly dated by the day and names those
// that may or may not be.
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type MilestoneType, NotFound, profileOn } from '@casebook/domain';
import { Clock } from '@casebook/write-model';
import { MutualTimelineReader } from '../get-timeline/mutual-timeline-reader.js';
import type { ProfileResponse } from './profile.response.dto.js';

export class GetMutualProfile extends Query<ProfileResponse> {
  constructor(
    readonly mutualId: string,
    readonly trueOn?: string,
    readonly knownBefore?: Date,
  ) {
    super();
  }
}

@QueryHandler(GetMutualProfile)
export class GetMutualProfileHandler implements IQueryHandler<GetMutualProfile> {
  constructor(
    private readonly timeline: MutualTimelineReader,
    private readonly clock: Clock,
  ) {}

  async execute({ mutualId, trueOn, knownBefore }: GetMutualProfile): Promise<ProfileResponse> {
    const day = trueOn ?? this.clock.now().toISOString().slice(0, 10);
    // Every milestone, the later ones too: a spin-out still ahead makes the mutual pre-spin-out.
    const [registration, rows] = await Promise.all([
      this.timeline.registration(mutualId, knownBefore),
      this.timeline.allRows(mutualId, knownBefore ? { knownBefore } : {}),
    ]);
    if (!registration) throw new NotFound('mutual', mutualId);
    const milestones = rows.map((row) => ({
      milestoneId: row.milestone_id,
      type: row.type as MilestoneType,
      occurredOn: row.occurred_on,
      details: row.details,
    }));
    const { on, ...profile } = profileOn(registration, milestones, day);
    return { mutualId, trueOn: on, ...(knownBefore && { knownBefore: knownBefore.toISOString() }), ...profile };
  }
}
