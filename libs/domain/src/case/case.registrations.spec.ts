import { mutualEventRegistrations } from '../mutual/mutual.registrations.js';
import { studyEventRegistrations } from '../study/study.registrations.js';
import { caseEventRegistrations } from './case.registrations.js';

describe('stored names of study and case events', () => {
  const all = [mutualEventRegistrations, studyEventRegistrations, caseEventRegistrations].flatMap((registrations) =>
    Object.values(registrations).flatMap((registration) => Object.keys(registration.readers)),
  );

  it('are version 1 of each domain type', () => {
    for (const [type, registration] of Object.entries({ ...studyEventRegistrations, ...caseEventRegistrations })) {
      expect(registration.current).toBe(`${type}.v1`);
    }
  });

  // The registry refuses to start when two domain types claim one stored name.
  it('do not clash with each other or with the mutual events', () => {
    expect(new Set(all).size).toBe(all.length);
  });
});
