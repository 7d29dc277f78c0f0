// What a due reminder job says now: the case is read when the job runs, not when it was made.
import {
  type CaseEvent,
  type MutualEvent,
  caseStreamName,
  contactsToRemind,
  evolveCase,
  fromStoredEvent,
  initialCaseState,
  mutualStreamName,
} from '@casebook/domain';
import type { EventStore } from '@casebook/event-store';
import type { ReminderFacts } from './reminder-email.js';
import type { ReminderJobData } from './reminder-job.js';

export type ReminderDecision = { send: true; facts: ReminderFacts } | { send: false; why: string };

export async function resolveReminder(
  store: EventStore,
  job: ReminderJobData,
  today = new Date().toISOString().slice(0, 10),
): Promise<ReminderDecision> {
  const state = (await store.readStream(caseStreamName(job.caseId)))
    .map((recorded) => fromStoredEvent(recorded.type, recorded.data) as CaseEvent | undefined)
    .filter((event): event is CaseEvent => event !== undefined)
    .reduce(evolveCase, initialCaseState());
  if (state.status === 'not-enrolled') return { send: false, why: 'the case does not exist' };
  const wave = state.waves.find((w) => w.waveId === job.waveId);
  if (!wave) return { send: false, why: 'the wave does not exist' };
  // Waves recorded after the fact (history typed in later) have nothing left to remind of.
  if (wave.closesOn < today) return { send: false, why: 'the window has closed' };
  const contact = contactsToRemind(state, job.waveId).find((c) => c.contactId === job.contactId);
  if (!contact?.personal) return { send: false, why: 'the wave is closed, or the contact may no longer be contacted' };
  const [first] = await store.readStream(mutualStreamName(state.mutualId), { maxCount: 1 });
  const registered = first && (fromStoredEvent(first.type, first.data) as MutualEvent | undefined);
  const mutualName = registered?.type === 'MutualRegistered' ? registered.data.name : 'your organisation';
  return {
    send: true,
    facts: { mutualName, waveNumber: wave.waveNumber, opensOn: wave.opensOn, closesOn: wave.closesOn, contact: contact.personal },
  };
}
