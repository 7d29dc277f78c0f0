// Writes to a study's record: its creation (administrators), changes to its details, and its
// reminder policy.
import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ChangeReminderPolicyBody,
  ChangeStudyDetailsBody,
  CreateStudyBody,
  changeReminderPolicyFromInput,
  changeStudyDetailsFromInput,
  createStudyFromInput,
} from '@casebook/domain';
import { Context, type RequestContext } from '../http/request-context.js';
import { Ids, type PathIds } from '../http/path-ids.js';
import { WriteStudy, newId } from '@casebook/write-model';
import { ApiController } from '../http/api-routes.js';
import { type WriteAnswer, WriteRoute, answer } from '../write-route/write-route.js';
import { StudyAccess } from './study-access.js';
import { StudyRecord } from './study-record.js';

@ApiController('studies', 'api/v1/studies')
export class StudyWritesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: StudyAccess,
    private readonly studies: StudyRecord,
  ) {}

  @WriteRoute({
    method: 'POST',
    status: 201,
    role: 'admin',
    summary: 'Create a study (administrators only); members are granted on their accounts',
    body: CreateStudyBody,
    location: ({ id }) => `/api/v1/studies/${id}`,
  })
  async createStudy(@Body() body: unknown, @Context() context: RequestContext): Promise<WriteAnswer> {
    const studyId = newId(context, 'study');
    return answer(studyId, await this.commands.execute(new WriteStudy(studyId, createStudyFromInput(body, studyId, context.now), context)));
  }

  @WriteRoute({
    method: 'PATCH',
    path: ':studyId',
    status: 200,
    role: 'researcher',
    summary:
      "Change a study's title, period, aims or time zone: only the fields sent, with an optional reason (administrators and researcher members)",
    description: 'Details equal to the current ones record nothing and have an empty position.',
    body: ChangeStudyDetailsBody,
    notFound: 'No study has this id',
    conflicts: 'ends-before-start, period-excludes-open-wave (the detail names the wave)',
  })
  async changeStudyDetails(
    @Ids() { studyId }: PathIds<'studyId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    await this.access.assertCanWrite(context, studyId);
    // Read first, so bad input is answered as such before any case is read.
    const command = changeStudyDetailsFromInput(body, studyId, context.now, []);
    const touchesPeriod = command.data.startsOn !== undefined || command.data.endsOn !== undefined;
    const openWaves = touchesPeriod ? await this.studies.openWavesOf(studyId) : [];
    return answer(studyId, await this.commands.execute(new WriteStudy(studyId, { ...command, openWaves }, context)));
  }

  @WriteRoute({
    method: 'PUT',
    path: ':studyId/reminder-policy',
    status: 200,
    role: 'researcher',
    summary: "Set the study's whole reminder policy; what is left out takes the default's value (administrators and researcher members)",
    description: 'A policy equal to the one in force records nothing and has an empty position.',
    body: ChangeReminderPolicyBody,
    notFound: 'No study has this id',
  })
  async changeReminderPolicy(
    @Ids() { studyId }: PathIds<'studyId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    await this.access.assertCanWrite(context, studyId);
    const command = changeReminderPolicyFromInput(body, studyId, context.now);
    return answer(studyId, await this.commands.execute(new WriteStudy(studyId, command, context)));
  }
}
