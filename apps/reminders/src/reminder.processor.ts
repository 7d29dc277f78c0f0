import { Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { EventStore } from '@casebook/event-store';
import { REMINDER_QUEUE, type ReminderJobData, reminderEmail, resolveReminder } from '@casebook/reminders';
import { Mailer } from './mailer.js';

/**
 * Sends each reminder when its delay is over, to the contact as the case now stands; a failed
 * send is retried with back-off.
 */
@Processor(REMINDER_QUEUE)
export class ReminderProcessor extends WorkerHost {
  private readonly logger = new Logger('reminders');

  constructor(
    private readonly mailer: Mailer,
    private readonly store: EventStore,
  ) {
    super();
  }

  async process(job: Job<ReminderJobData>): Promise<{ messageId?: string; skipped?: string }> {
    const trace = job.data.correlationId ?? job.id;
    const decision = await resolveReminder(this.store, job.data);
    if (!decision.send) {
      this.logger.log(`Reminder for wave ${job.data.waveId} not sent: ${decision.why} [${trace}]`);
      return { skipped: decision.why };
    }
    const headers: Record<string, string> = { 'X-Casebook-Wave': job.data.waveId };
    if (job.data.correlationId) headers['X-Correlation-Id'] = job.data.correlationId;
    const messageId = await this.mailer.send(reminderEmail(decision.facts), headers);
    this.logger.log(`Reminded a contact of wave ${decision.facts.waveNumber} of ${decision.facts.mutualName} [${trace}]`);
    return { messageId };
  }
}
