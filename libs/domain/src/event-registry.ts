// The one registry of stored event types. A stored type name never changes meaning: a new
// shape gets a new version here plus an upcaster from every older one, and the domain only
// ever sees the newest shape.
import type { MutualEvent } from './mutual/mutual.events.js';

export type DomainEvent = MutualEvent;
export type DomainEventType = DomainEvent['type'];

interface Registration {
  /** Name written to the event store for new events. */
  current: string;
  /** Every stored name this domain type reads, with the upcaster to today's shape. */
  readers: Record<string, (data: unknown) => unknown>;
}

const asIs = (data: unknown) => data;

const registrations: Record<DomainEventType, Registration> = {
  MutualRegistered: { current: 'MutualRegistered.v1', readers: { 'MutualRegistered.v1': asIs } },
  MutualSpunOut: { current: 'MutualSpunOut.v1', readers: { 'MutualSpunOut.v1': asIs } },
  ContractAwarded: { current: 'ContractAwarded.v1', readers: { 'ContractAwarded.v1': asIs } },
  ContractRenewed: { current: 'ContractRenewed.v1', readers: { 'ContractRenewed.v1': asIs } },
  InterviewWaveScheduled: { current: 'InterviewWaveScheduled.v1', readers: { 'InterviewWaveScheduled.v1': asIs } },
};

const readersByStoredType = new Map<string, { type: DomainEventType; upcast: (data: unknown) => unknown }>();
for (const [type, registration] of Object.entries(registrations) as [DomainEventType, Registration][]) {
  for (const [storedType, upcast] of Object.entries(registration.readers)) {
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
