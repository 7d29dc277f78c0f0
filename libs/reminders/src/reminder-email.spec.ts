import { reminderEmail } from './reminder-email.js';

describe('reminder email', () => {
  it('addresses the contact and names the mutual, the wave and its window', () => {
    const email = reminderEmail({
      mutualName: 'Riverside Community Health CIC',
      waveNumber: 2,
      opensOn: '2027-01-11',
      closesOn: '2027-02-26',
      contact: { name: 'Sam "SP" Patel', email: 'sam@example.org' },
    });
    expect(email.to).toBe('"Sam SP Patel" <sam@example.org>');
    expect(email.subject).toBe('Interview wave 2 with Riverside Community Health CIC: 11 January 2027 to 26 February 2027');
    expect(email.text).toContain('Dear Sam "SP" Patel,');
  });
});
