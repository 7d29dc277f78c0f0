// The record a reminder is decided from, read from the event store: the case's stream and its
// study's policy and zone. Both the reactor (what to schedule) and the worker (whether a due job is
// still called for) read it here, so they cannot disagree about what the record says.
import {
  type CaseRecord,
  DEFAULT_REMINDER_POLICY,
  type MutualEvent,
  type ReminderRecord,
  fromStoredEvent,
  mutualStreamName,
  normalisedReminderPolicy,
  reminderTimeZone,
} from '@casebook/domain';
import type { EventStore } from '@casebook/event-store';
import { AggregateReader, Cases, Studies } from '@casebook/write-model';

export interface CaseReminderRecord extends ReminderRecord {
  case: CaseRecord;
  /** The case stream's length when read: how far the record reached. */
  caseVersion: number;
}

export class ReminderRecords {
  private readonly aggregates: AggregateReader;

  constructor(private readonly store: EventStore) {
    this.aggregates = new AggregateReader(store);
  }

  /** The case's record with its study's policy and zone; undefined for a case never enrolled. */
  async ofCase(caseId: string): Promise<CaseReminderRecord | undefined> {
    const { state, version } = await this.aggregates.read(Cases, caseId);
    if (state.status === 'not-enrolled') return undefined;
    const study = await this.aggregates.read(Studies, state.studyId);
    const policy = study.state.status === 'created' ? (study.state.reminderPolicy ?? DEFAULT_REMINDER_POLICY) : DEFAULT_REMINDER_POLICY;
    const timeZone = reminderTimeZone(study.state.status === 'created' ? study.state.timeZone : undefined);
    return { policy: normalisedReminderPolicy(policy), timeZone, case: state, caseVersion: version };
  }

  /** The mutual's registered name, for the email; its first event says it. */
  async mutualName(mutualId: string): Promise<string | undefined> {
    const [first] = await this.store.readStream(mutualStreamName(mutualId), { maxCount: 1 });
    const registered = first && (fromStoredEvent(first.type, first.data) as MutualEvent | undefined);
    return registered?.type === 'MutualRegistered' ? registered.data.name : undefined;
  }
}
