import { mutualEventRegistrations } from '../mutual/mutual.registrations.js';
import { studyEventRegistrations } from '../study/study.registrations.js';
import { caseEventRegistrations } from './case.registrations.js';

describe('stored names of study and case events', () => {
  const all = [mutualEventRegistrations, studyEventRegistrations, caseEventRegistrations].flatMap((registrations) =>
    Object.values(registrations).flatMap((registration) => Object.keys(registration.readers)),
  );

  // A new shape is a new version beside the old ones, so version n reads n stored names.
  it('are written as the newest version of each domain type, and every older version is still read', () => {
    for (const [type, registration] of Object.entries({ ...studyEventRegistrations, ...caseEventRegistrations })) {
      const versions = Object.keys(registration.readers);
      expect([type, registration.current]).toEqual([type, `${type}.v${versions.length}`]);
      expect(versions.sort()).toEqual(Array.from({ length: versions.length }, (_, i) => `${type}.v${i + 1}`));
    }
  });

  // The registry refuses to start when two domain types claim one stored name.
  it('do not clash with each other or with the mutual events', () => {
    expect(new Set(all).size).toBe(all.length);
  });
});
