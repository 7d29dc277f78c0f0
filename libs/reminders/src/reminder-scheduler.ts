// Turns InterviewWaveScheduled events into delayed BullMQ jobs. It follows `$all` with a
// checkpoint of its own; a job is added before the checkpoint moves, and its id is derived
// from the wave, so a batch handled twice after a crash adds nothing twice.
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { fromStoredEvent, mutualStreamName } from '@casebook/domain';
import { EventStore, type Position, type RecordedEvent } from '@casebook/event-store';
import { CheckpointedConsumer, type ConsumerOptions } from '@casebook/read-models';
import { type ReminderJobData, reminderJobId } from './reminder-job.js';

export class ReminderScheduler extends CheckpointedConsumer {
  constructor(
    store: EventStore,
    dataSource: DataSource,
    private readonly queue: Queue<ReminderJobData>,
    private readonly clock: () => Date = () => new Date(),
    options: Partial<ConsumerOptions> = {},
  ) {
    super(store, dataSource, { checkpointName: 'reminder-scheduler', ...options });
  }

  protected async handle(batch: RecordedEvent[], _from: Position): Promise<Position> {
    for (const recorded of batch) {
      const event = fromStoredEvent(recorded.type, recorded.data);
      if (event?.type !== 'InterviewWaveScheduled') continue;
      const { data } = event;
      const job: ReminderJobData = {
        ...data,
        mutualName: await this.mutualName(data.mutualId),
        correlationId: typeof recorded.metadata.correlationId === 'string' ? recorded.metadata.correlationId : undefined,
      };
      const delay = Math.max(0, Date.parse(data.remindAt) - this.clock().getTime());
      await this.queue.add('send-reminder', job, { jobId: reminderJobId(data.waveId), delay });
    }
    const last = batch[batch.length - 1].position;
    await this.writeCheckpoint(this.dataSource.manager, last);
    return last;
  }

  /** From the mutual's own stream, which is never behind, unlike a read model. */
  private async mutualName(mutualId: string): Promise<string> {
    const [first] = await this.store.readStream(mutualStreamName(mutualId), { maxCount: 1 });
    const registered = first && fromStoredEvent(first.type, first.data);
    return registered?.type === 'MutualRegistered' ? registered.data.name : 'your organisation';
  }
}
