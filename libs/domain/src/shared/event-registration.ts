/** How one domain event type is stored: its current stored name and every name it reads. */
export interface EventRegistration {
  /** Name written to the event store for new events, e.g. `MutualRegistered.v1`. */
  current: string;
  /** Every stored name this domain type reads, with the upcaster to today's shape. */
  readers: Record<string, (data: unknown) => unknown>;
}

const asIs = (data: unknown) => data;

/** A type stored under `<Type>.v1` only, read as it is. */
export const firstVersion = (type: string): EventRegistration => ({
  current: `${type}.v1`,
  readers: { [`${type}.v1`]: asIs },
});

/** Registrations keyed by domain event type, checked to cover every member of the union. */
export type RegistrationsOf<E extends { type: string }> = Record<E['type'], EventRegistration>;
