// Writes to a case's record: its enrolment in a study, its link to an earlier case, its
// withdrawal, and its interview waves from scheduling to sign-off. Each route reads the body into
// the domain's command and hands it to the case's write handler; access is decided from the
// case's own stream (its enrolment names the study).
import { Body } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  CancelWaveBody,
  type CaseCommand,
  CompleteWaveBody,
  EnrolCaseBody,
  LinkCaseBody,
  NotFound,
  RecordInterviewBody,
  RescheduleWaveBody,
  RuleViolated,
  ScheduleWaveBody,
  SignOffWaveBody,
  SkipWaveBody,
  WithdrawCaseBody,
  cancelWaveFromInput,
  caseStreamName,
  completeWaveFromInput,
  enrolCaseFromInput,
  linkRevisitedCaseFromInput,
  recordInterviewFromInput,
  rescheduleWaveFromInput,
  scheduleWaveFromInput,
  signOffWaveFromInput,
  skipWaveFromInput,
  withdrawCaseFromInput,
} from '@casebook/domain';
import { Context, type RequestContext } from '../http/request-context.js';
import { Ids, type PathIds } from '../http/path-ids.js';
import { StudyAccess } from '../studies/study-access.js';
import { Accounts, AggregateReader, Cases, VersionConflict, WriteCase, WriteMutual, newId, uuidFromHash } from '@casebook/write-model';
import { ApiController } from '../http/api-routes.js';
import { type WriteAnswer, WriteRoute, answer } from '../write-route/write-route.js';
import { CaseAccess } from './case-access.js';

type WaveCommandReader = (input: unknown, ids: { caseId: string; waveId: string }, now: string) => CaseCommand;

const CASE = 'No case has this id';
const WAVE = 'No such case or wave';
const CASE_ROUTE = 'cases/:caseId';
const WAVE_ROUTE = 'cases/:caseId/waves/:waveId';

@ApiController('cases', 'api/v1')
export class CaseWritesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly cases: CaseAccess,
    private readonly studies: StudyAccess,
    private readonly aggregates: AggregateReader,
  ) {}

  @WriteRoute({
    method: 'POST',
    path: 'studies/:studyId/cases',
    status: 201,
    role: 'researcher',
    summary: 'Enrol a registered mutual in the study as a case, with the reasons it was selected',
    description:
      "`id` is the case id and the ETag the case's version. A mutual that is already a case of a study the caller is not a member of needs an administrator (403, rule `case-of-another-study`).",
    body: EnrolCaseBody,
    notFound: 'No such study, or no such mutual',
    conflicts: 'the mutual is already enrolled in this study (rule `already-enrolled`)',
    location: ({ id }) => `/api/v1/cases/${id}`,
  })
  async enrolCase(@Ids() { studyId }: PathIds<'studyId'>, @Body() body: unknown, @Context() context: RequestContext): Promise<WriteAnswer> {
    await this.studies.assertCanWrite(context, studyId);
    const caseId = caseIdFor(studyId, body);
    // Read first, so bad input is answered as such before the mutual is looked up.
    const command = enrolCaseFromInput(body, { caseId, studyId }, context.now);
    const { mutualId } = command.data;
    if (context.expectedVersion !== undefined) {
      const { version } = await this.aggregates.read(Cases, caseId);
      if (version !== context.expectedVersion) throw new VersionConflict(caseStreamName(caseId), context.expectedVersion, version);
    }
    // The mutual's stream first (an unknown mutual is a 404 there): it decides whether this study
    // may take the mutual, and everything that later decides access to the mutual reads it there.
    // A retry after a crash between the two writes finds the first already made and makes the second.
    const principal = context.principal;
    const enrolMutual = {
      type: 'EnrolMutualInStudy' as const,
      data: { mutualId, studyId, caseId },
      requestedBy: { admin: principal?.role === 'admin', memberOf: principal?.studyIds ?? [] },
      now: context.now,
    };
    await this.commands.execute(new WriteMutual(mutualId, enrolMutual, { ...context, expectedVersion: undefined }));
    return answer(caseId, await this.commands.execute(new WriteCase(caseId, command, context)));
  }

  @WriteRoute({
    method: 'POST',
    path: `${CASE_ROUTE}/link`,
    status: 200,
    role: 'researcher',
    summary: 'Record that this case revisits a case of an earlier study',
    body: LinkCaseBody,
    notFound: 'No such case, or no such earlier case',
    conflicts: 'self-link, already-linked, same-study, withdrawn',
  })
  async linkCase(@Ids() { caseId }: PathIds<'caseId'>, @Body() body: unknown, @Context() context: RequestContext): Promise<WriteAnswer> {
    await this.cases.assertCanWrite(context, caseId);
    const link = linkRevisitedCaseFromInput(body, { caseId }, context.now);
    // The client names the earlier case only; its study is read from that case's own record.
    const earlier = await this.cases.enrolmentOf(link.earlierCaseId);
    if (!earlier) throw new NotFound('case', link.earlierCaseId);
    return answer(caseId, await this.commands.execute(new WriteCase(caseId, link.ofStudy(earlier.studyId), context)));
  }

  @WriteRoute({
    method: 'POST',
    path: `${CASE_ROUTE}/withdrawal`,
    status: 200,
    role: 'researcher',
    summary: 'Withdraw the case from its study; its open waves are cancelled with the same reason and day',
    body: WithdrawCaseBody,
    notFound: CASE,
    conflicts: 'the case is already withdrawn',
  })
  async withdrawCase(
    @Ids() { caseId }: PathIds<'caseId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    await this.cases.assertCanWrite(context, caseId);
    return answer(
      caseId,
      await this.commands.execute(new WriteCase(caseId, withdrawCaseFromInput(body, { caseId }, context.now), context)),
    );
  }

  @WriteRoute({
    method: 'POST',
    path: `${CASE_ROUTE}/waves`,
    status: 201,
    role: 'researcher',
    summary: 'Schedule the next interview wave of a case',
    description: "`id` is the wave id and the ETag the case's version.",
    body: ScheduleWaveBody,
    notFound: CASE,
    conflicts:
      "outside-study-period (the window must lie inside the study's period, which the detail names), wave-sequence, overlapping-window, unknown-contact, contact-unavailable, withdrawn",
  })
  async scheduleWave(
    @Ids() { caseId }: PathIds<'caseId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    const period = await this.cases.studyPeriodOf(await this.cases.assertCanWrite(context, caseId));
    const waveId = newId(context, 'wave');
    const command = scheduleWaveFromInput(body, { caseId, waveId }, context.now, period);
    return answer(waveId, await this.commands.execute(new WriteCase(caseId, command, context)));
  }

  @WriteRoute({
    method: 'PUT',
    path: `${WAVE_ROUTE}/window`,
    status: 200,
    role: 'researcher',
    summary: "Move an open wave's interview window; interviews already held must stay inside it",
    description: 'The same window again records nothing and has an empty position.',
    body: RescheduleWaveBody,
    notFound: WAVE,
    conflicts:
      "outside-study-period (the window must lie inside the study's period, which the detail names), overlapping-window, outside-window, wave-closed",
  })
  async rescheduleWave(
    @Ids() { caseId, waveId }: PathIds<'caseId' | 'waveId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    const period = await this.cases.studyPeriodOf(await this.cases.assertCanWrite(context, caseId));
    const command = rescheduleWaveFromInput(body, { caseId, waveId }, context.now, period);
    return answer(waveId, await this.commands.execute(new WriteCase(caseId, command, context)));
  }

  @WriteRoute({
    method: 'POST',
    path: `${WAVE_ROUTE}/interviews`,
    status: 201,
    role: 'researcher',
    summary: 'Record an interview held in a wave; the first one starts the wave',
    description: "`id` is the interview id and the ETag the case's version.",
    body: RecordInterviewBody,
    notFound: WAVE,
    conflicts: 'wave-closed, outside-window, unknown-contact, contact-erased, unknown-interviewer',
  })
  async recordInterview(
    @Ids() { caseId, waveId }: PathIds<'caseId' | 'waveId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ): Promise<WriteAnswer> {
    await this.cases.assertCanWrite(context, caseId);
    const interviewId = newId(context, 'interview');
    // The source is read with the command but is kept in the events' metadata, beside who recorded it.
    const { command, source } = recordInterviewFromInput(body, { caseId, waveId, interviewId }, context.now, context.recordedBy);
    const { interviewerAccountId } = command.data;
    // The recorder is the default and has just been authenticated; anyone else named must be an
    // account (active or not: interviews are often recorded after someone has left).
    if (
      interviewerAccountId !== null &&
      interviewerAccountId !== context.recordedBy &&
      !(await this.aggregates.creation(Accounts, interviewerAccountId, 'AccountCreated'))
    ) {
      throw new RuleViolated('unknown-interviewer', `No account ${interviewerAccountId}: the interviewer must be a staff account`);
    }
    return answer(interviewId, await this.commands.execute(new WriteCase(caseId, { ...command, ...(source && { source }) }, context)));
  }

  @WriteRoute({
    method: 'POST',
    path: `${WAVE_ROUTE}/completion`,
    status: 200,
    role: 'researcher',
    summary: 'Complete a wave that has interviews',
    body: CompleteWaveBody,
    bodyOptional: true,
    notFound: WAVE,
    conflicts: 'no-interviews, wave-closed, before-window-opens',
  })
  completeWave(@Ids() { caseId, waveId }: PathIds<'caseId' | 'waveId'>, @Body() body: unknown, @Context() context: RequestContext) {
    return this.changeWave(completeWaveFromInput, caseId, waveId, body, context);
  }

  @WriteRoute({
    method: 'POST',
    path: `${WAVE_ROUTE}/skip`,
    status: 200,
    role: 'researcher',
    summary: 'Skip a wave before any interview is held, with a reason',
    body: SkipWaveBody,
    notFound: WAVE,
    conflicts: 'wave-started, wave-closed',
  })
  skipWave(@Ids() { caseId, waveId }: PathIds<'caseId' | 'waveId'>, @Body() body: unknown, @Context() context: RequestContext) {
    return this.changeWave(skipWaveFromInput, caseId, waveId, body, context);
  }

  @WriteRoute({
    method: 'POST',
    path: `${WAVE_ROUTE}/cancellation`,
    status: 200,
    role: 'researcher',
    summary: 'Cancel an open wave, with a reason; a replacement may take its number',
    body: CancelWaveBody,
    notFound: WAVE,
    conflicts: 'wave-closed',
  })
  cancelWave(@Ids() { caseId, waveId }: PathIds<'caseId' | 'waveId'>, @Body() body: unknown, @Context() context: RequestContext) {
    return this.changeWave(cancelWaveFromInput, caseId, waveId, body, context);
  }

  @WriteRoute({
    method: 'POST',
    path: `${WAVE_ROUTE}/sign-off`,
    status: 200,
    role: 'researcher',
    summary: 'Sign off a completed or skipped wave',
    body: SignOffWaveBody,
    bodyOptional: true,
    notFound: WAVE,
    conflicts: 'not-finished, already-signed-off, before-window-opens, sign-off-before-outcome',
  })
  signOffWave(@Ids() { caseId, waveId }: PathIds<'caseId' | 'waveId'>, @Body() body: unknown, @Context() context: RequestContext) {
    return this.changeWave(signOffWaveFromInput, caseId, waveId, body, context);
  }

  private async changeWave(
    read: WaveCommandReader,
    caseId: string,
    waveId: string,
    body: unknown,
    context: RequestContext,
  ): Promise<WriteAnswer> {
    await this.cases.assertCanWrite(context, caseId);
    return answer(waveId, await this.commands.execute(new WriteCase(caseId, read(body, { caseId, waveId }, context.now), context)));
  }
}

/**
 * A study follows a mutual at most once, so the case id follows from the two: a second
 * enrolment finds the first one's stream and the decider refuses it (409 already-enrolled),
 * however close together the two requests come.
 */
function caseIdFor(studyId: string, body: unknown): string {
  const mutualId = typeof body === 'object' && body !== null ? (body as { mutualId?: unknown }).mutualId : undefined;
  // The reader checks mutualId exactly as given, so whenever it accepts the request this is the id it read.
  return uuidFromHash(`case/${studyId}/${typeof mutualId === 'string' ? mutualId : ''}`);
}
