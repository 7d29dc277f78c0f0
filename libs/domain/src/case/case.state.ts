// A case as its events leave it, and the questions other parts of the system ask of that state
// (is a wave overdue, whom may we remind). evolve must accept events read back after a
// contact's key was destroyed, where `personal` is null.
import { assertNever } from '../shared/assert-never.js';
import type { CaseEvent, CaseSelection, ContactPersonal } from './case.events.js';
import type { CaseInterviewRole, WaveStatus } from './case.vocabulary.js';

export interface WaveState {
  waveId: string;
  waveNumber: number;
  opensOn: string;
  closesOn: string;
  status: WaveStatus;
  remindContactIds: string[];
  /**
   * 1 when scheduled, one more with each reschedule: reminders are keyed by it, so those timed
   * for an earlier window are told apart from the current ones.
   */
  windowVersion: number;
  /** `contactId` is the case contact interviewed, when the interviewee is one. */
  interviews: { interviewId: string; interviewedOn: string; contactId?: string }[];
  /** `YYYY-MM-DD` the wave was completed or skipped; a sign-off cannot come before it. */
  finishedOn?: string;
  /** Reminders of the wave that went out or failed for good: the schedule calls for none of them again. */
  reminderOutcomes: { reminderId: string; contactId: string; outcome: 'sent' | 'failed' }[];
}

export interface ContactState {
  contactId: string;
  role: CaseInterviewRole;
  consentToContact: boolean;
  optedOut: boolean;
  /** Erasure was recorded. */
  erased: boolean;
  /** null after erasure, or when the contact's key is gone even without a recorded erasure. */
  personal: ContactPersonal | null;
}

export interface CaseRecord {
  status: 'enrolled' | 'withdrawn';
  caseId: string;
  studyId: string;
  mutualId: string;
  selection: CaseSelection;
  earlierCase?: { caseId: string; studyId: string };
  waves: WaveState[];
  contacts: ContactState[];
}

export type CaseState = { status: 'not-enrolled' } | CaseRecord;

export const initialCaseState = (): CaseState => ({ status: 'not-enrolled' });

export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  if (event.type === 'CaseEnrolled') {
    const { caseId, studyId, mutualId, selection } = event.data;
    return { status: 'enrolled', caseId, studyId, mutualId, selection, waves: [], contacts: [] };
  }
  if (state.status === 'not-enrolled') return state;
  switch (event.type) {
    case 'CaseLinkedToEarlierCase':
      return { ...state, earlierCase: { caseId: event.data.earlierCaseId, studyId: event.data.earlierStudyId } };
    case 'CaseWithdrawn':
      return { ...state, status: 'withdrawn' };
    case 'WaveScheduled': {
      const { waveId, waveNumber, opensOn, closesOn, remindContactIds } = event.data;
      const wave: WaveState = {
        waveId,
        waveNumber,
        opensOn,
        closesOn,
        status: 'scheduled',
        remindContactIds,
        windowVersion: 1,
        reminderOutcomes: [],
        interviews: [],
      };
      return { ...state, waves: [...state.waves, wave] };
    }
    case 'WaveRescheduled':
      return withWave(state, event.data.waveId, (wave) => ({
        ...wave,
        opensOn: event.data.opensOn,
        closesOn: event.data.closesOn,
        windowVersion: wave.windowVersion + 1,
      }));
    case 'InterviewRecorded':
      return withWave(state, event.data.waveId, (wave) => ({
        ...wave,
        status: wave.status === 'scheduled' ? 'in-progress' : wave.status,
        interviews: [
          ...wave.interviews,
          {
            interviewId: event.data.interviewId,
            interviewedOn: event.data.interviewedOn,
            ...(event.data.contactId !== undefined && { contactId: event.data.contactId }),
          },
        ],
      }));
    case 'WaveCompleted':
      return withWave(state, event.data.waveId, (wave) => ({ ...wave, status: 'completed', finishedOn: event.data.occurredOn }));
    case 'WaveSkipped':
      return withWave(state, event.data.waveId, (wave) => ({ ...wave, status: 'skipped', finishedOn: event.data.occurredOn }));
    case 'WaveCancelled':
      return withWave(state, event.data.waveId, (wave) => ({ ...wave, status: 'cancelled' }));
    case 'WaveSignedOff':
      return withWave(state, event.data.waveId, (wave) => ({ ...wave, status: 'signed-off' }));
    case 'ContactAdded': {
      const { contactId, role, consentToContact, personal } = event.data;
      const contact: ContactState = {
        contactId,
        role,
        consentToContact,
        optedOut: false,
        erased: false,
        personal: personal ? { name: personal.name, email: personal.email } : null,
      };
      return { ...state, contacts: [...state.contacts, contact] };
    }
    case 'ContactConsentChanged':
      // Consent given again is the person's own later word, so it lifts an earlier opt-out.
      return withContact(state, event.data.contactId, (contact) => ({
        ...contact,
        consentToContact: event.data.consentToContact,
        optedOut: event.data.consentToContact ? false : contact.optedOut,
      }));
    case 'ContactOptedOut':
      return withContact(state, event.data.contactId, (contact) => ({ ...contact, optedOut: true, consentToContact: false }));
    case 'ContactDetailsUpdated': {
      const changes = event.data.personal;
      // Details cannot be rebuilt from a partial update once the rest is unreadable.
      return withContact(state, event.data.contactId, (contact) => ({
        ...contact,
        personal: changes && contact.personal ? { ...contact.personal, ...changes } : null,
      }));
    }
    case 'ContactErased':
      return withContact(state, event.data.contactId, (contact) => ({ ...contact, erased: true, personal: null }));
    case 'ReminderSent':
    case 'ReminderFailed': {
      const { waveId, reminderId, contactId } = event.data;
      const outcome = event.type === 'ReminderSent' ? 'sent' : 'failed';
      return withWave(state, waveId, (wave) => ({
        ...wave,
        reminderOutcomes: [...wave.reminderOutcomes, { reminderId, contactId, outcome }],
      }));
    }
    default:
      return assertNever(event);
  }
}

function withWave(state: CaseRecord, waveId: string, change: (wave: WaveState) => WaveState): CaseRecord {
  return { ...state, waves: state.waves.map((wave) => (wave.waveId === waveId ? change(wave) : wave)) };
}

function withContact(state: CaseRecord, contactId: string, change: (contact: ContactState) => ContactState): CaseRecord {
  return { ...state, contacts: state.contacts.map((contact) => (contact.contactId === contactId ? change(contact) : contact)) };
}

/** Erased, or its details are unreadable: either way nothing more may be recorded about it. */
export const contactLooksErased = (contact: ContactState): boolean => contact.erased || contact.personal === null;

/** Whether the team may get in touch with this person now. */
export const canBeContacted = (contact: ContactState): boolean =>
  !contactLooksErased(contact) && !contact.optedOut && contact.consentToContact;

/** Waves still waiting for interviews; the others are over, one way or another. */
export const isWaveOpen = (wave: Pick<WaveState, 'status'>): boolean => wave.status === 'scheduled' || wave.status === 'in-progress';

/**
 * The wave's lifecycle state, and whether it is overdue: its window closed before `today`
 * while it is still open. `today` is `YYYY-MM-DD` in whatever zone the caller works in; an
 * ISO instant is read as its UTC day, so comparing it with a day cannot go wrong silently.
 */
export function waveStatus(wave: Pick<WaveState, 'status' | 'closesOn'>, today: string): { status: WaveStatus; overdue: boolean } {
  return { status: wave.status, overdue: isWaveOpen(wave) && wave.closesOn < today.slice(0, 10) };
}

/**
 * The contacts to remind about a wave now: those it named that may still be contacted.
 * Decided afresh each time, so an opt-out or erasure after scheduling stops the reminders.
 */
export function contactsToRemind(state: CaseState, waveId: string): ContactState[] {
  if (state.status !== 'enrolled') return [];
  const wave = state.waves.find((w) => w.waveId === waveId);
  if (!wave || !isWaveOpen(wave)) return [];
  return state.contacts.filter((contact) => wave.remindContactIds.includes(contact.contactId) && canBeContacted(contact));
}
