import { Logger } from '@nestjs/common';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { REMINDER_QUEUE, type ReminderJobData, reminderEmail } from '@casebook/reminders';
import { Mailer } from './mailer.js';

/** Sends each reminder when its delay is over; a failed send is retried with back-off. */
@Processor(REMINDER_QUEUE)
export class ReminderProcessor extends WorkerHost {
  private readonly logger = new Logger('reminders');

  constructor(private readonly mailer: Mailer) {
    super();
  }

  async process(job: Job<ReminderJobData>): Promise<{ messageId: string }> {
    const headers: Record<string, string> = { 'X-Casebook-Wave': job.data.waveId };
    if (job.data.correlationId) headers['X-Correlation-Id'] = job.data.correlationId;
    const messageId = await this.mailer.send(reminderEmail(job.data), headers);
    this.logger.log(`Reminded the contact of wave ${job.data.waveNumber} of ${job.data.mutualName} [${job.data.correlationId ?? job.id}]`);
    return { messageId };
  }
}
