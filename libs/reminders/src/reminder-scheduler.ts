// Turns WaveScheduled events into delayed BullMQ jobs, one per contact to remind. It follows
// `$all` with a checkpoint of its own; a job is added before the checkpoint moves, and its id is
// derived from the wave and contact, so a batch handled twice after a crash adds nothing twice.
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { fromStoredEvent, storedTypesOf } from '@casebook/domain';
import type { EventStore, Position, RecordedEvent } from '@casebook/event-store';
import { CheckpointedConsumer, type ConsumerOptions } from '@casebook/event-processing';
import type { ReminderJobData } from './reminder-job.js';

const reminderJobId = (waveId: string, contactId: string): string => `wave-reminder-${waveId}-${contactId}`;

export class ReminderScheduler extends CheckpointedConsumer {
  constructor(
    store: EventStore,
    dataSource: DataSource,
    private readonly queue: Queue<ReminderJobData>,
    private readonly clock: () => Date = () => new Date(),
    options: Partial<ConsumerOptions> = {},
  ) {
    // Only wave schedules make reminders: the store sends nothing else.
    super(store, dataSource, { checkpointName: 'reminder-scheduler', eventTypes: [...storedTypesOf(['WaveScheduled'])], ...options });
  }

  protected async handle(batch: RecordedEvent[], _from: Position, to: Position): Promise<Position> {
    for (const recorded of batch) {
      const event = fromStoredEvent(recorded.type, recorded.data);
      if (event?.type !== 'WaveScheduled') continue;
      const { caseId, waveId, remindContactIds, remindAt } = event.data;
      const delay = Math.max(0, Date.parse(remindAt) - this.clock().getTime());
      const correlationId = typeof recorded.metadata.correlationId === 'string' ? recorded.metadata.correlationId : undefined;
      for (const contactId of remindContactIds) {
        const job: ReminderJobData = {
          caseId,
          waveId,
          contactId,
          kind: 'before-opening',
          windowVersion: 1,
          sendAt: remindAt,
          ...(correlationId ? { correlationId } : {}),
        };
        await this.queue.add('send-reminder', job, { jobId: reminderJobId(waveId, contactId), delay });
      }
      this.options.logger?.info(
        { caseId, waveId, contacts: remindContactIds.length, remindAt, correlationId },
        `${remindContactIds.length} reminder${remindContactIds.length === 1 ? '' : 's'} for wave ${waveId} due at ${remindAt}`,
      );
    }
    await this.writeCheckpoint(this.dataSource.manager, to);
    return to;
  }
}
