// Writes to a mutual's record: its registration and corrections of it, its milestones and
// corrections or retractions of them. Each route reads the body into the domain's command and
// hands it to the mutual's write handler; access is decided from the mutual's own stream.
import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  CorrectMilestoneBody,
  CorrectRegistrationBody,
  RecordMilestoneBody,
  RegisterMutualBody,
  RetractMilestoneBody,
  correctMilestoneFromInput,
  correctRegistrationFromInput,
  milestoneKindIn,
  recordMilestoneFromInput,
  registerMutualFromInput,
  retractMilestoneFromInput,
} from '@casebook/domain';
import { Context, type RequestContext } from '../http/request-context.js';
import { Ids, type PathIds } from '../http/path-ids.js';
import { AggregateReader, Mutuals, WriteMutual, newId } from '@casebook/write-model';
import { ApiController } from '../http/api-routes.js';
import { type WriteAnswer, WriteRoute, answer } from '../write-route/write-route.js';
import { MutualAccess } from './mutual-access.js';

/** The end rule (libs/domain/src/mutual/mutual.end.ts) as the API documents it. */
const END_RULE =
  'A dissolution, a merger or an acquisition ends the mutual. Research is often retrospective, so a milestone dated on or before the end can still be ' +
  'recorded, and an end can be recorded before the earlier milestones; a milestone dated after the end is refused (409, rule `after-end`, the detail ' +
  'naming the end and its date), and so is an end dated before milestones already recorded, and a correction that moves a milestone after the end. ' +
  'Observations, and further ends (a merger, then the dissolution of the old company), are accepted at any date. "After" means certainly after at the ' +
  "dates' precision: the milestone's first possible day is after the end's last possible day (`2022-03-15` is not after an end in `2022-03`, `2022-04` is). " +
  'With several ends the one certainly over first (earliest last possible day) counts. Only current milestones count: retracting or correcting the end reopens or moves it.';

const MUTUAL = 'No mutual has this id';
const MILESTONE = 'No such mutual or milestone';

@ApiController('mutuals', 'api/v1/mutuals')
export class MutualWritesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: MutualAccess,
    private readonly aggregates: AggregateReader,
  ) {}

  @WriteRoute({
    method: 'POST',
    status: 201,
    role: 'researcher',
    summary: 'Register a mutual to follow',
    body: RegisterMutualBody,
    location: ({ id }) => `/api/v1/mutuals/${id}`,
  })
  async registerMutual(@Body() body: unknown, @Context() context: RequestContext): Promise<WriteAnswer> {
    const mutualId = newId(context, 'mutual');
    return answer(
      mutualId,
      await this.commands.execute(new WriteMutual(mutualId, registerMutualFromInput(body, mutualId, context.now), context)),
    );
  }

  @WriteRoute({
    method: 'PATCH',
    path: ':mutualId',
    status: 200,
    role: 'researcher',
    summary: 'Correct the registration: the details that change, and why',
    description:
      'A merge patch: only the details given change; `null` clears region, legal form or parent body. Every version stays in GET /api/v1/mutuals/{mutualId}/history.',
    body: CorrectRegistrationBody,
    notFound: MUTUAL,
    conflicts: '`unchanged` when every detail given is already so',
  })
  async correctRegistration(
    @Ids() { mutualId }: PathIds<'mutualId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    await this.access.assertCanWrite(context, mutualId);
    return answer(
      mutualId,
      await this.commands.execute(new WriteMutual(mutualId, correctRegistrationFromInput(body, mutualId, context.now), context)),
    );
  }

  @WriteRoute({
    method: 'POST',
    path: ':mutualId/milestones',
    status: 201,
    role: 'researcher',
    summary: "Record a milestone in a mutual's history",
    description: END_RULE,
    body: RecordMilestoneBody,
    notFound: MUTUAL,
    conflicts: '`already-spun-out`, `after-end` (see the end rule above)',
  })
  async recordMilestone(
    @Ids() { mutualId }: PathIds<'mutualId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    await this.access.assertCanWrite(context, mutualId);
    const milestoneId = newId(context, 'milestone');
    const command = recordMilestoneFromInput(body, { mutualId, milestoneId }, context.now);
    return answer(milestoneId, await this.commands.execute(new WriteMutual(mutualId, command, context)));
  }

  @WriteRoute({
    method: 'PUT',
    path: ':mutualId/milestones/:milestoneId',
    status: 200,
    role: 'researcher',
    summary:
      'Correct a milestone: its date and full new values in `values`, and why in `reason`. The earlier version stays in the history.',
    description: `The body is the same for every kind: \`{ "occurredOn": ..., "values": { ...the milestone's own fields }, "reason": "why corrected", "source": {...} }\`. Each of the milestone's own fields is checked as when recording it (\`values.<field>\`); one sent outside \`values\` is refused with rule \`in-values\`. A correction obeys the end rule like a new milestone. ${END_RULE}`,
    body: CorrectMilestoneBody,
    notFound: MILESTONE,
    conflicts: 'a retracted milestone, values unchanged, or `after-end`',
  })
  async correctMilestone(
    @Ids() { mutualId, milestoneId }: PathIds<'mutualId' | 'milestoneId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    await this.access.assertCanWrite(context, mutualId);
    // Which fields a correction has depends on the milestone's kind, which only the record knows
    // and which no correction ever changes, so reading it ahead of the write is sound.
    const { state } = await this.aggregates.read(Mutuals, mutualId);
    const command = correctMilestoneFromInput(body, { mutualId, milestoneId }, context.now, milestoneKindIn(state, milestoneId));
    return answer(milestoneId, await this.commands.execute(new WriteMutual(mutualId, command, context)));
  }

  @WriteRoute({
    method: 'POST',
    path: ':mutualId/milestones/:milestoneId/retraction',
    status: 200,
    role: 'researcher',
    summary: 'Retract a milestone that should not have been recorded, with a reason',
    body: RetractMilestoneBody,
    notFound: MILESTONE,
    conflicts: 'already retracted',
  })
  async retractMilestone(
    @Ids() { mutualId, milestoneId }: PathIds<'mutualId' | 'milestoneId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    await this.access.assertCanWrite(context, mutualId);
    const command = retractMilestoneFromInput(body, { mutualId, milestoneId }, context.now);
    return answer(milestoneId, await this.commands.execute(new WriteMutual(mutualId, command, context)));
  }
}
