// Commands about the people a case team may contact, and the schema of each request body.
// Personal details travel only inside `personal`, the one property the store encrypts per
// contact (see ./case.events.ts).
import { across, boolean, email, object, oneOf, optional, text, withoutUndefined } from '../shared/body-fields.js';
import { readBody } from '../shared/read-body.js';
import type { ContactAdded, ContactConsentChanged, ContactDetailsUpdated, ContactErased, ContactPersonal } from './case.events.js';
import { orEmptyBody } from './case.input.js';
import { CASE_INTERVIEW_ROLES, ERASURE_REQUESTERS } from './case.vocabulary.js';

interface ContactIds {
  caseId: string;
  contactId: string;
}

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

const PERSONAL = 'Personal data: stored encrypted with a key of the contact, erased on request';
const name = text(200);
const consentToContact = boolean('Whether the person agreed to be contacted by the research team');

export const AddContactBody = object({
  role: oneOf(CASE_INTERVIEW_ROLES),
  consentToContact,
  personal: object({ name, email: email() }).meta({ description: PERSONAL }),
}).meta({
  id: 'AddContactBody',
  description: 'A person the case team may contact: their role, whether they agreed to be contacted, and their name and email',
  examples: {
    director: {
      summary: 'The managing director, who agreed to be contacted',
      value: { role: 'director', consentToContact: true, personal: { name: 'Sam Patel', email: 'sam.patel@example.org' } },
    },
  },
});

export function addContactFromInput(input: unknown, ids: ContactIds, now: string): AddContact {
  return { type: 'AddContact', data: { ...ids, ...readBody(AddContactBody, input, now) }, now };
}

export const ChangeContactConsentBody = object({ consentToContact }).meta({
  id: 'ChangeContactConsentBody',
  description: 'Whether the contact agrees to be contacted',
  examples: { withdraw: { summary: 'The contact withdrew their consent', value: { consentToContact: false } } },
});

export function changeContactConsentFromInput(input: unknown, ids: ContactIds, now: string): ChangeContactConsent {
  return { type: 'ChangeContactConsent', data: { ...ids, ...readBody(ChangeContactConsentBody, input, now) }, now };
}

export const OptOutContactBody = object({ reason: optional(text(2000)) }).meta({
  id: 'OptOutContactBody',
  description: 'The contact asked not to be contacted again; the body, and its reason, may be left out',
  examples: { 'too-busy': { summary: 'With the reason the contact gave', value: { reason: 'Too busy this year' } } },
});

export function optOutContactFromInput(input: unknown, ids: ContactIds, now: string): OptOutContact {
  return { type: 'OptOutContact', data: withoutUndefined({ ...ids, ...readBody(OptOutContactBody, orEmptyBody(input), now) }), now };
}

export const UpdateContactDetailsBody = object({
  personal: object({ name: optional(name), email: optional(email()) })
    .check(
      across((personal, _valid, report) => {
        if (personal.name === undefined && personal.email === undefined)
          report('', 'at-least-one-field', 'must change name, email or both');
      }),
    )
    .meta({ description: `The details that change: name, email or both. ${PERSONAL}` }),
}).meta({
  id: 'UpdateContactDetailsBody',
  description: "A contact's new name, email or both",
  examples: { email: { summary: 'A new email address', value: { personal: { email: 'sam@newmail.example.org' } } } },
});

export function updateContactDetailsFromInput(input: unknown, ids: ContactIds, now: string): UpdateContactDetails {
  const { personal } = readBody(UpdateContactDetailsBody, input, now);
  return { type: 'UpdateContactDetails', data: { ...ids, personal: withoutUndefined(personal) }, now };
}

export const EraseContactBody = object({
  requestedBy: optional(
    oneOf(ERASURE_REQUESTERS, { description: 'Who asked for the erasure; a closed list, so that the record of it cannot hold a name' }),
  ),
}).meta({
  id: 'EraseContactBody',
  description: 'Who asked for the erasure of a contact; the body may be left out',
  examples: { 'on-request': { summary: 'The contact asked to be erased', value: { requestedBy: 'contact' } } },
});

export function eraseContactFromInput(input: unknown, ids: ContactIds, now: string): EraseContact {
  return { type: 'EraseContact', data: withoutUndefined({ ...ids, ...readBody(EraseContactBody, orEmptyBody(input), now) }), now };
}
