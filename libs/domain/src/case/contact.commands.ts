// Commands about the people a case team may contact, and how each is read from untrusted
// input. Personal details travel only inside `personal`, the one property the store encrypts
// per contact (see ./case.events.ts).
import { InputReader } from '../shared/input-reader.js';
import type { ContactAdded, ContactConsentChanged, ContactDetailsUpdated, ContactErased, ContactPersonal } from './case.events.js';
import { orEmptyBody, requiredBoolean } from './case.input.js';
import { CASE_INTERVIEW_ROLES, ERASURE_REQUESTERS } from './case.vocabulary.js';

type ContactIds = { caseId: string; contactId: string };

export interface AddContact {
  type: 'AddContact';
  data: Omit<ContactAdded['data'], 'personal'> & { personal: ContactPersonal };
  now: string;
}

export interface ChangeContactConsent {
  type: 'ChangeContactConsent';
  data: Omit<ContactConsentChanged['data'], 'changedAt'>;
  now: string;
}

export interface OptOutContact {
  type: 'OptOutContact';
  data: ContactIds & { reason?: string };
  now: string;
}

export interface UpdateContactDetails {
  type: 'UpdateContactDetails';
  data: Omit<ContactDetailsUpdated['data'], 'personal'> & { personal: Partial<ContactPersonal> };
  now: string;
}

export interface EraseContact {
  type: 'EraseContact';
  data: Omit<ContactErased['data'], 'erasedAt'>;
  now: string;
}

export type ContactCommand = AddContact | ChangeContactConsent | OptOutContact | UpdateContactDetails | EraseContact;

const NAME = { maxLength: 200 };

export function addContactFromInput(input: unknown, ids: ContactIds, now: string): AddContact {
  const body = new InputReader(input);
  body.rejectUnknown(['role', 'consentToContact', 'personal']);
  const role = body.requiredOneOf('role', CASE_INTERVIEW_ROLES);
  const consentToContact = requiredBoolean(body, 'consentToContact');
  const personalInput = body.nested('personal', true);
  let personal: ContactPersonal = { name: '', email: '' };
  if (personalInput) {
    personalInput.rejectUnknown(['name', 'email']);
    personal = { name: personalInput.requiredText('name', NAME), email: personalInput.requiredEmail('email') };
    body.adopt(personalInput);
  }
  body.throwIfInvalid();
  return { type: 'AddContact', data: { ...ids, role, consentToContact, personal }, now };
}

export function changeContactConsentFromInput(input: unknown, ids: ContactIds, now: string): ChangeContactConsent {
  const body = new InputReader(input);
  body.rejectUnknown(['consentToContact']);
  const consentToContact = requiredBoolean(body, 'consentToContact');
  body.throwIfInvalid();
  return { type: 'ChangeContactConsent', data: { ...ids, consentToContact }, now };
}

export function optOutContactFromInput(input: unknown, ids: ContactIds, now: string): OptOutContact {
  const body = new InputReader(orEmptyBody(input));
  body.rejectUnknown(['reason']);
  const reason = body.optionalText('reason', { maxLength: 2000 });
  body.throwIfInvalid();
  return { type: 'OptOutContact', data: { ...ids, ...(reason !== undefined && { reason }) }, now };
}

export function updateContactDetailsFromInput(input: unknown, ids: ContactIds, now: string): UpdateContactDetails {
  const body = new InputReader(input);
  body.rejectUnknown(['personal']);
  const personalInput = body.nested('personal', true);
  const personal: Partial<ContactPersonal> = {};
  if (personalInput) {
    personalInput.rejectUnknown(['name', 'email']);
    if (personalInput.has('name')) personal.name = personalInput.requiredText('name', NAME);
    if (personalInput.has('email')) personal.email = personalInput.requiredEmail('email');
    if (!personalInput.has('name') && !personalInput.has('email')) {
      personalInput.fail('', 'at-least-one-field', 'must change name, email or both');
    }
    body.adopt(personalInput);
  }
  body.throwIfInvalid();
  return { type: 'UpdateContactDetails', data: { ...ids, personal }, now };
}

export function eraseContactFromInput(input: unknown, ids: ContactIds, now: string): EraseContact {
  const body = new InputReader(orEmptyBody(input));
  body.rejectUnknown(['requestedBy']);
  const requestedBy = body.optionalOneOf('requestedBy', ERASURE_REQUESTERS);
  body.throwIfInvalid();
  return { type: 'EraseContact', data: { ...ids, ...(requestedBy !== undefined && { requestedBy }) }, now };
}
