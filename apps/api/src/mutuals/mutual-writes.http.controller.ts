// Writes to a mutual's record: its registration and corrections of it, its milestones and
// corrections or retractions of them. Each route reads the body into the domain's command and
// hands it to the mutual's write handler; access is decided from the mutual's own stream.
import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  correctMilestoneFromInput,
  correctRegistrationFromInput,
  milestoneKindIn,
  recordMilestoneFromInput,
  registerMutualFromInput,
  retractMilestoneFromInput,
} from '@casebook/domain';
import { Context, type RequestContext } from '../http/request-context.js';
import { Ids, type PathIds } from '../http/path-ids.js';
import { Mutuals } from '../write-model/aggregates.js';
import { AggregateReader } from '../write-model/aggregate-reader.js';
import { newId } from '../write-model/ids.js';
import { WriteMutual } from '../write-model/write-commands.js';
import { ApiController } from '../http/api-routes.js';
import { type WriteAnswer, WriteRoute, answer } from '../write-route/write-route.js';
import { CORRECTION_BODY_SCHEMA, CORRECTION_EXAMPLES } from './correct-milestone/correct-milestone.request.dto.js';
import { CorrectRegistrationRequest, CORRECT_REGISTRATION_EXAMPLES } from './correct-registration/correct-registration.request.dto.js';
import { MutualAccess } from './mutual-access.js';
import { END_RULE, MILESTONE_EXAMPLES, RecordMilestoneRequest } from './record-milestone/record-milestone.request.dto.js';
import { RegisterMutualRequest } from './register-mutual/register-mutual.request.dto.js';

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
    body: { type: RegisterMutualRequest },
    location: ({ id }) => `/api/v1/mutuals/${id}`,
  })
  async registerMutual(@Body() body: unknown, @Context() context: RequestContext): Promise<WriteAnswer> {
    const mutualId = newId(context, 'mutual');
    return answer(mutualId, await this.commands.execute(new WriteMutual(mutualId, registerMutualFromInput(body, mutualId, context.now), context)));
  }

  @WriteRoute({
    method: 'PATCH',
    path: ':mutualId',
    status: 200,
    role: 'researcher',
    summary: 'Correct the registration: the details that change, and why',
    description:
      'A merge patch: only the details given change; `null` clears region, legal form or parent body. Every version stays in GET /api/v1/mutuals/{mutualId}/history.',
    body: { type: CorrectRegistrationRequest, examples: CORRECT_REGISTRATION_EXAMPLES },
    notFound: MUTUAL,
    conflicts: '`unchanged` when every detail given is already so',
  })
  async correctRegistration(@Ids() { mutualId }: PathIds<'mutualId'>, @Body() body: unknown, @Context() context: RequestContext): Promise<WriteAnswer> {
    await this.access.assertCanWrite(context, mutualId);
    return answer(mutualId, await this.commands.execute(new WriteMutual(mutualId, correctRegistrationFromInput(body, mutualId, context.now), context)));
  }

  @WriteRoute({
    method: 'POST',
    path: ':mutualId/milestones',
    status: 201,
    role: 'researcher',
    summary: "Record a milestone in a mutual's history",
    description: END_RULE,
    body: { type: RecordMilestoneRequest, examples: MILESTONE_EXAMPLES },
    notFound: MUTUAL,
    conflicts: '`already-spun-out`, `after-end` (see the end rule above)',
  })
  async recordMilestone(@Ids() { mutualId }: PathIds<'mutualId'>, @Body() body: unknown, @Context() context: RequestContext): Promise<WriteAnswer> {
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
    summary: 'Correct a milestone: its date and full new values in `values`, and why in `reason`. The earlier version stays in the history.',
    description: `The body is the same for every kind: \`{ "occurredOn": ..., "values": { ...the milestone's own fields }, "reason": "why corrected", "source": {...} }\`. Each of the milestone's own fields is checked as when recording it (\`values.<field>\`); one sent outside \`values\` is refused with rule \`in-values\`. A correction obeys the end rule like a new milestone. ${END_RULE}`,
    body: { schema: CORRECTION_BODY_SCHEMA as Record<string, unknown>, examples: CORRECTION_EXAMPLES },
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
    body: {
      schema: { type: 'object', required: ['reason'], properties: { reason: { type: 'string' } } },
      examples: { retract: { value: { reason: 'Recorded against the wrong mutual' } } },
    },
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
