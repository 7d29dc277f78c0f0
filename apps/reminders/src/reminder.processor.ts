import { Inject } from '@nestjs/common';
import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { CommandBus } from '@nestjs/cqrs';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import { PinoLogger } from 'nestjs-pino';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import {
  type RecordReminderFailed,
  type RecordReminderSent,
  canBeContacted,
  contactLooksErased,
  currentReminder,
  isWaveOpen,
} from '@casebook/domain';
import {
  type CaseReminderRecord,
  REMINDER_QUEUE,
  type ReminderJobData,
  ReminderRecords,
  UNSUBSCRIBE_LINK_DAYS,
  reminderEmail,
  reminderMessageId,
  signUnsubscribeToken,
  unsubscribeUrl,
} from '@casebook/reminders';
import { AggregateReader, Clock, Studies, WriteCase, type WriteRequest } from '@casebook/write-model';
import { Mailer, type SmtpError } from './mailer.js';
import type { ReminderRetry } from './reminders.module.js';

/** Who the worker's events say recorded them (metadata.recordedBy): this process, not an account. */
export const REMINDERS_WORKER_ID = 'casebook-reminders';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Given to the worker by RemindersModule.register: how a send that failed for a passing reason is tried again. */
export const REMINDER_RETRY = Symbol('ReminderRetry');

/**
 * What a job's progress carries from one attempt to the next: the sends that failed for a
 * passing reason so far, and once the mail server has accepted the email, that (a later attempt
 * then only records it).
 */
interface DeliveryProgress {
  sendFailures?: number;
  sent?: { messageId: string; sentAt: string };
}

type Sent = NonNullable<DeliveryProgress['sent']>;

type ReminderRef = Pick<
  RecordReminderSent['data'],
  'caseId' | 'waveId' | 'contactId' | 'reminderId' | 'kind' | 'daysBefore' | 'windowVersion'
>;

export type ReminderJobResult = { messageId: string } | { skipped: string };

/** What every line about a job carries, so that a reminder can be traced back to the request that caused it. */
const traceOf = (job: Job<ReminderJobData>) => ({
  jobId: job.id,
  caseId: job.data.caseId,
  waveId: job.data.waveId,
  correlationId: job.data.correlationId,
});

/** Reminder jobs are always added with the reminder's id as the job's id (the reactor's rule). */
function jobIdOf(job: Job<ReminderJobData>): string {
  if (job.id === undefined) throw new UnrecoverableError('A reminder job has no id');
  return job.id;
}

const progressOf = (job: Job<ReminderJobData>): DeliveryProgress => {
  const { sent, sendFailures } = (typeof job.progress === 'object' ? job.progress : {}) as DeliveryProgress;
  return {
    ...(typeof sendFailures === 'number' && { sendFailures }),
    ...(typeof sent?.messageId === 'string' && typeof sent.sentAt === 'string' && { sent }),
  };
};

/**
 * The wait before trying again after the `failures`-th failed send: exponential, and jittered so
 * that reminders refused together (a mail server down at nine o'clock) do not all return together.
 */
export function retryDelayMs(retry: ReminderRetry, failures: number, random: () => number = Math.random): number {
  const longest = retry.delayMs * 2 ** (failures - 1);
  return Math.round(longest * (1 - retry.jitter) + random() * longest * retry.jitter);
}

/**
 * A send that failed at the mail server or on the way to it. Its message names codes only: BullMQ
 * keeps it in Redis with the job, and the server's words may quote the address. Those go, with
 * the contact's personal data, into ReminderFailed.
 */
class SendFailed extends Error {
  readonly smtpCode?: number;
  readonly code?: string;
  readonly serverWords: string;

  constructor(error: unknown) {
    const { responseCode, response, code, message } = (error ?? {}) as SmtpError;
    super(
      typeof responseCode === 'number'
        ? `The mail server answered ${responseCode}`
        : `Sending failed${typeof code === 'string' ? ` (${code})` : ''}`,
    );
    this.name = 'SendFailed';
    if (typeof responseCode === 'number') this.smtpCode = responseCode;
    if (typeof code === 'string') this.code = code;
    this.serverWords = (typeof response === 'string' && response) || (typeof message === 'string' && message) || String(error);
  }

  /**
   * A 5xx reply: the server will not take this email, however often it is offered. A refused
   * sign-in (535) is a 5xx too, but says nothing of this email: it is the configuration's fault,
   * which an operator can mend while the retries last.
   */
  get permanentCode(): number | undefined {
    return this.smtpCode !== undefined && this.smtpCode >= 500 && this.code !== 'EAUTH' ? this.smtpCode : undefined;
  }
}

/** Why the record no longer calls for the job's reminder, for the log and the job's result. */
function whyNotCalledFor(job: Job<ReminderJobData>, record: CaseReminderRecord | undefined): string {
  if (!record) return 'the case does not exist';
  const state = record.case;
  if (state.status === 'withdrawn') return 'the case was withdrawn';
  const wave = state.waves.find((candidate) => candidate.waveId === job.data.waveId);
  if (!wave) return 'the wave does not exist';
  if (wave.reminderOutcomes.some((outcome) => outcome.reminderId === job.id)) return 'it was sent already, or failed for good';
  if (!isWaveOpen(wave)) return `the wave is ${wave.status}`;
  if (wave.windowVersion !== job.data.windowVersion) return 'the wave was rescheduled since';
  const contact = state.contacts.find((candidate) => candidate.contactId === job.data.contactId);
  if (!contact || !wave.remindContactIds.includes(contact.contactId)) return 'the contact is not one the wave reminds';
  if (!canBeContacted(contact)) {
    if (contactLooksErased(contact)) return 'the contact was erased';
    return contact.optedOut ? 'the contact opted out' : 'the contact does not consent to be contacted';
  }
  if (job.data.kind === 'follow-up' && wave.interviews.some((interview) => interview.contactId === contact.contactId)) {
    return 'the contact was interviewed in this wave';
  }
  return "the schedule no longer calls for it (the window is over, or the study's policy changed)";
}

/**
 * Sends each reminder when its job is due, if the record still calls for it then, and records
 * what became of it in the case's stream. A send that failed for a passing reason (a 4xx answer,
 * a mail server out of reach) is tried again after an exponential, jittered wait (REMINDER_RETRY);
 * a refusal for good (5xx), or the last failed attempt, is recorded as ReminderFailed and not
 * tried again. Any other failure (the event store out of reach) is retried by BullMQ as the job's
 * own options say; nothing was sent then.
 */
@Processor(REMINDER_QUEUE)
export class ReminderProcessor extends WorkerHost {
  private readonly unsubscribe: NonNullable<AppConfig['unsubscribe']>;

  constructor(
    private readonly mailer: Mailer,
    private readonly records: ReminderRecords,
    private readonly aggregates: AggregateReader,
    private readonly commandBus: CommandBus,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(REMINDER_RETRY) private readonly retry: ReminderRetry,
    private readonly logger: PinoLogger,
  ) {
    super();
    logger.setContext('reminders');
    // Without them no email could offer a way out, and none may go without one.
    if (!config.unsubscribe) throw new Error('The reminders worker needs UNSUBSCRIBE_SECRET and PUBLIC_URL for the unsubscribe link');
    this.unsubscribe = config.unsubscribe;
    // At start-up rather than at the first reminder: a MAIL_FROM without a domain stops the worker.
    reminderMessageId('check', mailer.from);
  }

  /**
   * The worker's connection reports Redis going away (and each failed reconnection) here; without
   * a listener BullMQ writes them to the console, outside the structured log. It reconnects by
   * itself, and no job is taken meanwhile.
   */
  @OnWorkerEvent('error')
  onWorkerError(error: Error): void {
    this.logger.warn({ err: error }, `The reminder queue is unreachable: ${error.message}`);
  }

  async process(job: Job<ReminderJobData>, token?: string): Promise<ReminderJobResult> {
    const progress = progressOf(job);
    if (progress.sent) {
      // An earlier attempt sent it and then failed to record it: sending again would be a duplicate.
      await this.recordSent(job, progress.sent);
      this.logger.info({ ...traceOf(job), messageId: progress.sent.messageId }, 'Recorded a reminder an earlier attempt had sent');
      return { messageId: progress.sent.messageId };
    }
    const outcome = await this.sendIfCalledFor(job, progress, token);
    if ('skipped' in outcome) return outcome;
    try {
      await job.updateProgress({ ...progress, sent: outcome } satisfies DeliveryProgress);
    } catch (error) {
      // Recording may still succeed; were it to fail too, a retry would send a second copy.
      this.logger.error({ ...traceOf(job), err: error }, 'Could not mark a sent reminder as sent on its job');
    }
    await this.recordSent(job, outcome);
    this.logger.info({ ...traceOf(job), messageId: outcome.messageId }, 'Sent a reminder');
    return { messageId: outcome.messageId };
  }

  private async sendIfCalledFor(
    job: Job<ReminderJobData>,
    progress: DeliveryProgress,
    token: string | undefined,
  ): Promise<Sent | { skipped: string }> {
    try {
      return await this.send(job, token);
    } catch (error) {
      if (!(error instanceof SendFailed)) throw error;
      const attempts = (progress.sendFailures ?? 0) + 1;
      // Codes only in the log: the server's words may quote the address.
      const trace = {
        ...traceOf(job),
        attempts,
        ...(error.smtpCode !== undefined && { smtpCode: error.smtpCode }),
        failure: error.message,
      };
      const permanentCode = error.permanentCode;
      if (permanentCode !== undefined) {
        this.logger.warn(trace, 'The mail server refused a reminder for good');
        // Were this to fail, BullMQ retries the job: nothing was delivered, and the refusal is met again.
        await this.recordFailed(job, { failure: 'rejected', smtpCode: permanentCode, attempts, reason: error.serverWords });
        throw new UnrecoverableError(error.message);
      }
      if (attempts < this.retry.attempts) {
        const wait = retryDelayMs(this.retry, attempts);
        await job.updateProgress({ ...progress, sendFailures: attempts } satisfies DeliveryProgress);
        // Moved rather than failed, so that these waits are the worker's own policy whatever options the job was added with.
        await job.moveToDelayed(Date.now() + wait, token);
        this.logger.warn({ ...trace, retryInMs: wait }, `A reminder could not be sent; trying again in ${wait} ms`);
        throw new DelayedError();
      }
      this.logger.warn(trace, 'A reminder could not be sent in any of its attempts');
      await this.recordFailed(job, {
        failure: 'attempts-exhausted',
        ...(error.smtpCode !== undefined && { smtpCode: error.smtpCode }),
        attempts,
        reason: error.serverWords,
      });
      throw new UnrecoverableError(error.message);
    }
  }

  private async send(job: Job<ReminderJobData>, token: string | undefined): Promise<Sent | { skipped: string }> {
    const jobId = jobIdOf(job);
    const now = this.clock.now();
    const record = await this.records.ofCase(job.data.caseId);
    const reminder = record && currentReminder({ waveId: job.data.waveId, jobId }, record, now.toISOString());
    if (!record || !reminder) {
      const why = whyNotCalledFor(job, record);
      this.logger.info({ ...traceOf(job), why }, `Reminder not sent: ${why}`);
      return { skipped: why };
    }
    const wait = Date.parse(reminder.sendAt) - now.getTime();
    if (wait > 0) {
      // The wait, not the instant, is carried over: the record's clock need not be the queue's (tests set it).
      await job.moveToDelayed(Date.now() + wait, token);
      this.logger.info({ ...traceOf(job), sendAt: reminder.sendAt }, `Reminder delayed to ${reminder.sendAt}, the next working moment`);
      throw new DelayedError();
    }
    const state = record.case;
    const wave = state.waves.find((candidate) => candidate.waveId === reminder.waveId);
    // The schedule calls only for contacts who may be contacted, whose details are readable.
    const personal = state.contacts.find((candidate) => candidate.contactId === reminder.contactId)?.personal;
    if (!wave || !personal) throw new Error(`The schedule called for reminder ${jobId}, but its wave or contact cannot be read`);
    const [study, mutualName] = await Promise.all([this.aggregates.read(Studies, state.studyId), this.records.mutualName(state.mutualId)]);
    const linkToken = signUnsubscribeToken(
      { caseId: state.caseId, contactId: reminder.contactId, expiresAt: now.getTime() + UNSUBSCRIBE_LINK_DAYS * DAY_MS },
      this.unsubscribe.secret,
    );
    const email = reminderEmail({
      kind: reminder.kind,
      studyTitle: study.state.status === 'created' ? study.state.title : 'our study',
      mutualName: mutualName ?? 'your organisation',
      waveNumber: wave.waveNumber,
      opensOn: wave.opensOn,
      closesOn: wave.closesOn,
      timeZone: record.timeZone,
      sentAt: now.toISOString(),
      contact: personal,
      unsubscribeUrl: unsubscribeUrl(this.unsubscribe.publicUrl, linkToken),
    });
    const { correlationId } = job.data;
    let messageId: string;
    try {
      messageId = await this.mailer.send(email, {
        messageId: reminderMessageId(jobId, this.mailer.from),
        ...(correlationId !== undefined && { headers: { 'X-Correlation-Id': correlationId } }),
      });
    } catch (error) {
      throw new SendFailed(error);
    }
    return { messageId, sentAt: now.toISOString() };
  }

  private recordSent(job: Job<ReminderJobData>, sent: Sent) {
    const command: RecordReminderSent = {
      type: 'RecordReminderSent',
      data: { ...this.reminderRef(job), messageId: sent.messageId },
      now: sent.sentAt,
    };
    return this.commandBus.execute(new WriteCase(job.data.caseId, command, this.writeRequest(job)));
  }

  private recordFailed(job: Job<ReminderJobData>, failure: Omit<RecordReminderFailed['data'], keyof ReminderRef>) {
    const command: RecordReminderFailed = {
      type: 'RecordReminderFailed',
      data: { ...this.reminderRef(job), ...failure },
      now: this.clock.now().toISOString(),
    };
    return this.commandBus.execute(new WriteCase(job.data.caseId, command, this.writeRequest(job)));
  }

  private reminderRef(job: Job<ReminderJobData>): ReminderRef {
    const { caseId, waveId, contactId, kind, daysBefore, windowVersion } = job.data;
    return { caseId, waveId, contactId, reminderId: jobIdOf(job), kind, ...(daysBefore !== undefined && { daysBefore }), windowVersion };
  }

  private writeRequest(job: Job<ReminderJobData>): WriteRequest {
    const jobId = jobIdOf(job);
    return { correlationId: job.data.correlationId ?? jobId, causationId: jobId, recordedBy: REMINDERS_WORKER_ID };
  }
}
