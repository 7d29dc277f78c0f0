// The one registry of stored event types. A stored type name never changes meaning: a new
// shape gets a new version in its aggregate's *.registrations.ts plus an upcaster from every
// older one, and the domain only ever sees the newest shape.
import type { EventRegistration } from './shared/event-registration.js';
import type { AccountEvent } from './account/account.events.js';
import { accountEventRegistrations } from './account/account.registrations.js';
import type { CaseEvent } from './case/case.events.js';
import { caseEventRegistrations } from './case/case.registrations.js';
import type { MutualEvent } from './mutual/mutual.events.js';
import { mutualEventRegistrations } from './mutual/mutual.registrations.js';
import type { StudyEvent } from './study/study.events.js';
import { studyEventRegistrations } from './study/study.registrations.js';
import type { ExportEvent } from './export/export.events.js';
import { exportEventRegistrations } from './export/export.registrations.js';

export type DomainEvent = MutualEvent | AccountEvent | StudyEvent | CaseEvent | ExportEvent;
export type DomainEventType = DomainEvent['type'];

const registrations: Record<DomainEventType, EventRegistration> = {
  ...mutualEventRegistrations,
  ...accountEventRegistrations,
  ...studyEventRegistrations,
  ...caseEventRegistrations,
  ...exportEventRegistrations,
};

const readersByStoredType = new Map<string, { type: DomainEventType; upcast: (data: unknown) => unknown }>();
for (const [type, registration] of Object.entries(registrations) as [DomainEventType, EventRegistration][]) {
  for (const [storedType, upcast] of Object.entries(registration.readers)) {
    if (readersByStoredType.has(storedType)) throw new Error(`Stored event type ${storedType} is registered twice`);
    readersByStoredType.set(storedType, { type, upcast });
  }
}

export function toStoredEvent(event: DomainEvent): { type: string; data: object } {
  return { type: registrations[event.type].current, data: event.data };
}

/** The domain event a stored one stands for, or undefined when it is not one of ours. */
export function fromStoredEvent(storedType: string, data: unknown): DomainEvent | undefined {
  const reader = readersByStoredType.get(storedType);
  if (!reader) return undefined;
  return { type: reader.type, data: reader.upcast(data) } as DomainEvent;
}

export const storedEventTypes = (): string[] => [...readersByStoredType.keys()];

/** Every domain event type there is, each written under its current stored name. */
export const domainEventTypes = (): DomainEventType[] => Object.keys(registrations) as DomainEventType[];

/** The stored name new events of `type` are written under, e.g. `AccountCreated.v2`. */
export const currentStoredType = (type: DomainEventType): string => registrations[type].current;

/** The event types of each kind of stream, for readers that follow one kind. */
export const EVENT_TYPES_OF_STREAMS = {
  mutual: Object.keys(mutualEventRegistrations) as MutualEvent['type'][],
  account: Object.keys(accountEventRegistrations) as AccountEvent['type'][],
  study: Object.keys(studyEventRegistrations) as StudyEvent['type'][],
  case: Object.keys(caseEventRegistrations) as CaseEvent['type'][],
  export: Object.keys(exportEventRegistrations) as ExportEvent['type'][],
};

/** Every stored name, old versions included, under which events of `types` are read. */
export function storedTypesOf(types: readonly DomainEventType[]): Set<string> {
  return new Set(types.flatMap((type) => Object.keys(registrations[type].readers)));
}
