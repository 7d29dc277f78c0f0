import {
  addContactFromInput,
  changeContactConsentFromInput,
  eraseContactFromInput,
  optOutContactFromInput,
  updateContactDetailsFromInput,
} from './contact.commands.js';
import { errorsOf } from '../../../../test/support/errors-of.js';

const now = '2026-11-23T10:00:00.000Z';
const ids = { caseId: 'c-1', contactId: 'p-1' };

describe('reading contact commands from input', () => {
  it('keeps name and email inside personal, the email lower-cased', () => {
    expect(
      addContactFromInput(
        { role: 'director', consentToContact: true, personal: { name: 'Sam Patel', email: 'Sam.Patel@Example.org' } },
        ids,
        now,
      ),
    ).toEqual({
      type: 'AddContact',
      data: { ...ids, role: 'director', consentToContact: true, personal: { name: 'Sam Patel', email: 'sam.patel@example.org' } },
      now,
    });
  });

  it('names every bad field of a contact with its path', () => {
    expect(
      errorsOf(() =>
        addContactFromInput({ role: 'mayor', consentToContact: 'yes', personal: { email: 'sam', phone: '0161' }, name: 'Sam' }, ids, now),
      ),
    ).toEqual([
      ['name', 'unknown-field'],
      ['role', 'one-of'],
      ['consentToContact', 'type'],
      ['personal.phone', 'unknown-field'],
      ['personal.name', 'required'],
      ['personal.email', 'email'],
    ]);
    expect(errorsOf(() => addContactFromInput({ role: 'staff' }, ids, now))).toEqual([
      ['consentToContact', 'required'],
      ['personal', 'required'],
    ]);
  });

  it('reads a change of consent', () => {
    expect(changeContactConsentFromInput({ consentToContact: false }, ids, now).data).toEqual({ ...ids, consentToContact: false });
    expect(errorsOf(() => changeContactConsentFromInput({ consentToContact: 0 }, ids, now))).toEqual([['consentToContact', 'type']]);
  });

  it('takes an opt-out with or without a reason', () => {
    expect(optOutContactFromInput(undefined, ids, now).data).toEqual(ids);
    expect(optOutContactFromInput({ reason: 'Too busy this year' }, ids, now).data).toEqual({ ...ids, reason: 'Too busy this year' });
  });

  it('updates only the details given, and needs at least one', () => {
    expect(updateContactDetailsFromInput({ personal: { email: 'New@Example.org' } }, ids, now).data).toEqual({
      ...ids,
      personal: { email: 'new@example.org' },
    });
    expect(errorsOf(() => updateContactDetailsFromInput({ personal: {} }, ids, now))).toEqual([['personal', 'at-least-one-field']]);
    expect(errorsOf(() => updateContactDetailsFromInput({ personal: { email: 'nope' } }, ids, now))).toEqual([['personal.email', 'email']]);
    expect(errorsOf(() => updateContactDetailsFromInput({ name: 'Sam' }, ids, now))).toEqual([
      ['name', 'unknown-field'],
      ['personal', 'required'],
    ]);
  });

  it('records who asked for an erasure only from a closed list, so no name can outlive it', () => {
    expect(eraseContactFromInput(undefined, ids, now).data).toEqual(ids);
    expect(eraseContactFromInput({ requestedBy: 'contact' }, ids, now).data).toEqual({ ...ids, requestedBy: 'contact' });
    expect(errorsOf(() => eraseContactFromInput({ requestedBy: 'Sam Patel' }, ids, now))).toEqual([['requestedBy', 'one-of']]);
  });
});
