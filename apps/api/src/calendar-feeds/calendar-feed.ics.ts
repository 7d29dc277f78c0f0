// A feed as iCalendar (RFC 5545), written by ical-generator: one all-day event per wave window,
// DTSTART the day it opens and DTEND the day after it closes (an all-day DTEND is exclusive).
// Its UID is the case's and wave's, so when a wave is rescheduled a calendar app moves the event
// it has rather than adding another. Only what the research record says about organisations is
// written: the mutual's name, the study's title, the wave's number and window; no contact's
// name or address, nor any staff member's.
import ical, { ICalCalendarMethod, ICalEventStatus, ICalEventTransparency } from 'ical-generator';
import { dayAfter } from '@casebook/domain';
import type { FeedWindowRow } from './get-calendar-feed.query.js';

export const CALENDAR_NAME = 'Casebook interview waves';

const midnightUtc = (day: string) => new Date(`${day}T00:00:00Z`);

/** The event's UID: the same for a case's wave whatever its window, on every fetch. */
export const waveEventUid = (caseId: string, waveId: string): string => `case-${caseId}.wave-${waveId}@casebook`;

export function calendarFeedIcs(windows: readonly FeedWindowRow[], stamp: Date): string {
  const calendar = ical({
    name: CALENDAR_NAME,
    description: 'Interview-wave windows of the Casebook studies you may see',
    prodId: { company: 'Casebook', product: 'Interview waves', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    // Asks calendar apps to fetch again hourly (REFRESH-INTERVAL, X-PUBLISHED-TTL): windows move.
    ttl: 60 * 60,
  });
  for (const window of windows) {
    const mutual = window.mutual_name ?? 'A mutual';
    const cancelled = window.status === 'cancelled';
    calendar.createEvent({
      id: waveEventUid(window.case_id, window.wave_id),
      allDay: true,
      start: midnightUtc(window.opens_on_day),
      end: midnightUtc(dayAfter(window.closes_on_day)),
      stamp,
      summary: `${mutual}: interview wave ${window.wave_number}${cancelled ? ' (cancelled)' : ''}`,
      description:
        `Interview window of wave ${window.wave_number} for ${mutual}` +
        `${window.study_title ? `, in the study "${window.study_title}"` : ''}: ${window.opens_on_day} to ${window.closes_on_day}.`,
      status: cancelled ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      // A window is a span to book interviews in, not time the subscriber is busy.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
  }
  return calendar.toString();
}
