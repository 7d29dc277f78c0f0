import { assertNever } from '../shared/assert-never.js';
import type { Decider } from '../shared/decider.js';
import { NotFound, RuleViolated } from '../shared/domain-error.js';
import type { CaseCommand, LinkRevisitedCase, WithdrawCase } from './case.commands.js';
import type { ReminderCommand } from './reminder.commands.js';
import type { CaseEvent, ContactPersonal, WaveCancelled } from './case.events.js';
import {
  type CaseRecord,
  type CaseState,
  type ContactState,
  type WaveState,
  canBeContacted,
  evolveCase,
  initialCaseState,
  isWaveOpen,
  contactLooksErased,
} from './case.state.js';
import type {
  AddContact,
  ChangeContactConsent,
  ContactCommand,
  EraseContact,
  OptOutContact,
  UpdateContactDetails,
} from './contact.commands.js';
import type {
  CancelWave,
  CompleteWave,
  RecordInterview,
  RescheduleWave,
  ScheduleWave,
  SignOffWave,
  SkipWave,
  StudyPeriod,
} from './wave.commands.js';

export const caseDecider: Decider<CaseCommand, CaseEvent, CaseState> = {
  initialState: initialCaseState,
  evolve: evolveCase,

  decide(command, state) {
    if (command.type === 'EnrolCase') {
      if (state.status !== 'not-enrolled') {
        throw new RuleViolated('already-enrolled', `Case ${state.caseId} is already enrolled in study ${state.studyId}`);
      }
      return [{ type: 'CaseEnrolled', data: { ...command.data, enrolledAt: command.now } }];
    }
    if (state.status === 'not-enrolled') throw new NotFound('case', command.data.caseId);
    // Erasure is the person's right whatever became of the case, so it bypasses withdrawal.
    if (command.type === 'EraseContact') return eraseContact(command, state);
    // A reminder that went out went out: its outcome is recorded whatever the case has become since.
    if (command.type === 'RecordReminderSent' || command.type === 'RecordReminderFailed') return recordReminderOutcome(command, state);
    if (state.status === 'withdrawn') {
      throw new RuleViolated('withdrawn', `Case ${state.caseId} was withdrawn from its study; only contact erasure is accepted`);
    }
    switch (command.type) {
      case 'LinkRevisitedCase':
        return linkRevisitedCase(command, state);
      case 'WithdrawCase':
        return withdrawCase(command, state);
      case 'ScheduleWave':
        return scheduleWave(command, state);
      case 'RescheduleWave':
        return rescheduleWave(command, state);
      case 'RecordInterview':
        return recordInterview(command, state);
      case 'CompleteWave':
        return completeWave(command, state);
      case 'SkipWave':
        return skipWave(command, state);
      case 'CancelWave':
        return cancelWave(command, state);
      case 'SignOffWave':
        return signOffWave(command, state);
      case 'AddContact':
        return addContact(command, state);
      case 'ChangeContactConsent':
        return changeContactConsent(command, state);
      case 'OptOutContact':
        return optOutContact(command, state);
      case 'UpdateContactDetails':
        return updateContactDetails(command, state);
      default:
        return assertNever(command);
    }
  },
};

function linkRevisitedCase({ data }: LinkRevisitedCase, state: CaseRecord): CaseEvent[] {
  if (data.earlierCaseId === state.caseId) {
    throw new RuleViolated('self-link', 'A case cannot revisit itself');
  }
  if (state.earlierCase) {
    throw new RuleViolated('already-linked', `Case ${state.caseId} already revisits case ${state.earlierCase.caseId}`);
  }
  if (data.earlierStudyId === state.studyId) {
    throw new RuleViolated('same-study', 'A revisited case comes from an earlier study, not the one this case belongs to');
  }
  return [{ type: 'CaseLinkedToEarlierCase', data }];
}

/** Open waves are cancelled with the case, so nobody is reminded about interviews that will not happen. */
function withdrawCase({ data, now }: WithdrawCase, state: CaseRecord): CaseEvent[] {
  // They end when the case does, so they share its reason and its day.
  const cancelled = state.waves.filter(isWaveOpen).map((wave): WaveCancelled => ({
    type: 'WaveCancelled',
    data: { caseId: state.caseId, waveId: wave.waveId, reason: data.reason, occurredOn: data.occurredOn, cancelledAt: now },
  }));
  return [...cancelled, { type: 'CaseWithdrawn', data: { ...data, withdrawnAt: now } }];
}

// ---- interview waves

function scheduleWave({ data, studyPeriod, now }: ScheduleWave, state: CaseRecord): CaseEvent[] {
  if (state.waves.some((wave) => wave.waveId === data.waveId)) {
    throw new RuleViolated('wave-exists', `Wave ${data.waveId} is already scheduled`);
  }
  // A cancelled wave gives its number back, so its replacement keeps the number's meaning in
  // the analysis ("wave 2" is the second round of interviews that took place).
  const numbers = state.waves.filter((wave) => wave.status !== 'cancelled').map((wave) => wave.waveNumber);
  const expected = numbers.length === 0 ? 1 : Math.max(...numbers) + 1;
  if (data.waveNumber !== expected) {
    throw new RuleViolated('wave-sequence', `The next interview wave of this case is wave ${expected}, not wave ${data.waveNumber}`);
  }
  refuseOutsideStudy(data, studyPeriod);
  refuseOverlap(state, data, data.waveId);
  for (const contactId of data.remindContactIds) {
    const contact = state.contacts.find((c) => c.contactId === contactId);
    if (!contact) throw new RuleViolated('unknown-contact', `Contact ${contactId} is not a contact of this case`);
    if (!canBeContacted(contact)) {
      throw new RuleViolated('contact-unavailable', `Contact ${contactId} has been erased, has opted out or has not consented to contact`);
    }
  }
  return [{ type: 'WaveScheduled', data: { ...data, scheduledAt: now } }];
}

function rescheduleWave({ data, studyPeriod, now }: RescheduleWave, state: CaseRecord): CaseEvent[] {
  const wave = findWave(state, data.waveId);
  if (!isWaveOpen(wave)) throw waveClosed(wave);
  if (wave.opensOn === data.opensOn && wave.closesOn === data.closesOn) return [];
  refuseOutsideStudy(data, studyPeriod);
  refuseOverlap(state, data, wave.waveId);
  const stranded = wave.interviews.find((i) => i.interviewedOn < data.opensOn || i.interviewedOn > data.closesOn);
  if (stranded) {
    throw new RuleViolated(
      'outside-window',
      `Interview ${stranded.interviewId} on ${stranded.interviewedOn} would fall outside the new window ${data.opensOn} to ${data.closesOn}`,
    );
  }
  return [{ type: 'WaveRescheduled', data: { ...data, rescheduledAt: now } }];
}

function recordInterview({ data }: RecordInterview, state: CaseRecord): CaseEvent[] {
  const wave = findWave(state, data.waveId);
  if (state.waves.some((w) => w.interviews.some((i) => i.interviewId === data.interviewId))) {
    throw new RuleViolated('interview-exists', `Interview ${data.interviewId} is already recorded`);
  }
  if (!isWaveOpen(wave)) throw waveClosed(wave);
  if (data.interviewedOn < wave.opensOn || data.interviewedOn > wave.closesOn) {
    throw new RuleViolated(
      'outside-window',
      `Wave ${wave.waveNumber} takes interviews from ${wave.opensOn} to ${wave.closesOn}, not on ${data.interviewedOn}`,
    );
  }
  if (data.contactId !== undefined) {
    const contact = state.contacts.find((c) => c.contactId === data.contactId);
    if (!contact) throw new RuleViolated('unknown-contact', `Contact ${data.contactId} is not a contact of this case`);
    if (contactLooksErased(contact)) throw contactErased(contact);
  }
  return [{ type: 'InterviewRecorded', data }];
}

function completeWave({ data, now }: CompleteWave, state: CaseRecord): CaseEvent[] {
  const wave = findWave(state, data.waveId);
  if (wave.status === 'scheduled') {
    throw new RuleViolated('no-interviews', `Wave ${wave.waveNumber} has no interviews yet; skip or cancel it instead`);
  }
  if (wave.status !== 'in-progress') throw waveClosed(wave);
  refuseBeforeWindow(wave, data.occurredOn, 'completed');
  return [{ type: 'WaveCompleted', data: { ...data, completedAt: now } }];
}

function skipWave({ data, now }: SkipWave, state: CaseRecord): CaseEvent[] {
  const wave = findWave(state, data.waveId);
  if (wave.status === 'in-progress') {
    throw new RuleViolated('wave-started', `Wave ${wave.waveNumber} already has interviews; complete or cancel it instead`);
  }
  if (wave.status !== 'scheduled') throw waveClosed(wave);
  return [{ type: 'WaveSkipped', data: { ...data, skippedAt: now } }];
}

function cancelWave({ data, now }: CancelWave, state: CaseRecord): CaseEvent[] {
  const wave = findWave(state, data.waveId);
  if (!isWaveOpen(wave)) throw waveClosed(wave);
  return [{ type: 'WaveCancelled', data: { ...data, cancelledAt: now } }];
}

function signOffWave({ data, now }: SignOffWave, state: CaseRecord): CaseEvent[] {
  const wave = findWave(state, data.waveId);
  if (wave.status === 'signed-off') {
    throw new RuleViolated('already-signed-off', `Wave ${wave.waveNumber} is already signed off`);
  }
  if (wave.status !== 'completed' && wave.status !== 'skipped') {
    throw new RuleViolated('not-finished', `Wave ${wave.waveNumber} is ${wave.status}; only a completed or skipped wave can be signed off`);
  }
  refuseBeforeWindow(wave, data.occurredOn, 'signed off');
  if (wave.finishedOn !== undefined && data.occurredOn < wave.finishedOn) {
    throw new RuleViolated(
      'sign-off-before-outcome',
      `Wave ${wave.waveNumber} was ${wave.status} on ${wave.finishedOn}; it cannot be signed off before that, on ${data.occurredOn}`,
    );
  }
  return [{ type: 'WaveSignedOff', data: { ...data, signedOffAt: now } }];
}

function findWave(state: CaseRecord, waveId: string): WaveState {
  const wave = state.waves.find((w) => w.waveId === waveId);
  if (!wave) throw new NotFound('wave', waveId);
  return wave;
}

function waveClosed(wave: WaveState): RuleViolated {
  return new RuleViolated('wave-closed', `Wave ${wave.waveNumber} is ${wave.status}`);
}

/**
 * Completion and sign-off follow interviews, which the window bounds; skipping and cancelling
 * may come first (a round called off before it opened).
 */
function refuseBeforeWindow(wave: WaveState, occurredOn: string, what: string): void {
  if (occurredOn < wave.opensOn) {
    throw new RuleViolated(
      'before-window-opens',
      `Wave ${wave.waveNumber} opens on ${wave.opensOn}; it cannot be ${what} on ${occurredOn}`,
    );
  }
}

function refuseOutsideStudy(window: { opensOn: string; closesOn: string }, period: StudyPeriod): void {
  if (window.opensOn < period.startsOn || window.closesOn > period.endsOn) {
    throw new RuleViolated(
      'outside-study-period',
      `The study runs from ${period.startsOn} to ${period.endsOn}; the window ${window.opensOn} to ${window.closesOn} falls outside it`,
    );
  }
}

/** Windows include both ends, so one wave closing on the day another opens is an overlap. */
function refuseOverlap(state: CaseRecord, window: { opensOn: string; closesOn: string }, ownWaveId: string): void {
  const other = state.waves.find(
    (wave) =>
      wave.waveId !== ownWaveId && wave.status !== 'cancelled' && wave.opensOn <= window.closesOn && window.opensOn <= wave.closesOn,
  );
  if (other) {
    throw new RuleViolated(
      'overlapping-window',
      `The window ${window.opensOn} to ${window.closesOn} overlaps wave ${other.waveNumber} (${other.opensOn} to ${other.closesOn})`,
    );
  }
}

// ---- contacts

function addContact({ data }: AddContact, state: CaseRecord): CaseEvent[] {
  if (state.contacts.some((c) => c.contactId === data.contactId)) {
    throw new RuleViolated('contact-exists', `Contact ${data.contactId} already exists`);
  }
  return [{ type: 'ContactAdded', data }];
}

function changeContactConsent({ data, now }: ChangeContactConsent, state: CaseRecord): CaseEvent[] {
  const contact = changeableContact(state, data);
  if (contact.consentToContact === data.consentToContact) return [];
  return [{ type: 'ContactConsentChanged', data: { ...data, changedAt: now } }];
}

function optOutContact({ data, now }: OptOutContact, state: CaseRecord): CaseEvent[] {
  const contact = changeableContact(state, data);
  if (contact.optedOut) return [];
  const { reason, ...ids } = data;
  return [{ type: 'ContactOptedOut', data: { ...ids, optedOutAt: now, ...(reason !== undefined && { personal: { reason } }) } }];
}

function updateContactDetails({ data }: UpdateContactDetails, state: CaseRecord): CaseEvent[] {
  const contact = changeableContact(state, data);
  const changed: Partial<ContactPersonal> = {};
  for (const field of ['name', 'email'] as const) {
    const value = data.personal[field];
    if (value !== undefined && value !== contact.personal?.[field]) changed[field] = value;
  }
  if (Object.keys(changed).length === 0) return [];
  return [{ type: 'ContactDetailsUpdated', data: { ...data, personal: changed } }];
}

/** Erasing twice asks for nothing new, so it records nothing instead of failing a retry. */
function eraseContact({ data, now }: EraseContact, state: CaseRecord): CaseEvent[] {
  const contact = findContact(state, data.contactId);
  if (contact.erased) return [];
  return [{ type: 'ContactErased', data: { ...data, erasedAt: now } }];
}

// ---- reminders

/** A job retried after a crash reports its outcome again: the first report stands, the rest record nothing. */
function recordReminderOutcome(command: ReminderCommand, state: CaseRecord): CaseEvent[] {
  const wave = state.waves.find((candidate) => candidate.waveId === command.data.waveId);
  if (!wave) throw new NotFound('wave', command.data.waveId);
  findContact(state, command.data.contactId);
  if (wave.reminderOutcomes.some((outcome) => outcome.reminderId === command.data.reminderId)) return [];
  if (command.type === 'RecordReminderSent') return [{ type: 'ReminderSent', data: { ...command.data, sentAt: command.now } }];
  const { reason, ...data } = command.data;
  return [{ type: 'ReminderFailed', data: { ...data, failedAt: command.now, personal: { reason } } }];
}

function findContact(state: CaseRecord, contactId: string): ContactState {
  const contact = state.contacts.find((c) => c.contactId === contactId);
  if (!contact) throw new NotFound('contact', contactId);
  return contact;
}

function changeableContact(state: CaseRecord, data: ContactCommand['data']): ContactState {
  const contact = findContact(state, data.contactId);
  if (contactLooksErased(contact)) throw contactErased(contact);
  return contact;
}

function contactErased(contact: ContactState): RuleViolated {
  return new RuleViolated('contact-erased', `Contact ${contact.contactId} has been erased; nothing more is recorded about them`);
}
