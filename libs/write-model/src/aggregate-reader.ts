// Reading an aggregate from its stream, for the write loop and for the decisions that must not
// lag the record (access, existence, rules that span aggregates): one fold, one existence check.
import { Injectable } from '@nestjs/common';
import { type DomainEvent, NotFound, fromStoredEvent } from '@casebook/domain';
import { EventStore, type RecordedEvent } from '@casebook/event-store';
import type { Aggregate } from './aggregates.js';

export interface AggregateAt<S> {
  state: S;
  /** Number of events in the stream: the aggregate's version and ETag. */
  version: number;
  recorded: RecordedEvent[];
}

export function domainEventsOf(recorded: RecordedEvent[]): DomainEvent[] {
  return recorded.map((r) => fromStoredEvent(r.type, r.data)).filter((event): event is DomainEvent => event !== undefined);
}

export function fold<C, S>(aggregate: Aggregate<C, S>, recorded: RecordedEvent[]): S {
  return domainEventsOf(recorded).reduce(aggregate.decider.evolve, aggregate.decider.initialState());
}

@Injectable()
export class AggregateReader {
  constructor(private readonly store: EventStore) {}

  async read<C, S>(aggregate: Aggregate<C, S>, id: string): Promise<AggregateAt<S>> {
    const recorded = await this.store.readStream(aggregate.streamName(id));
    return { state: fold(aggregate, recorded), version: recorded.length, recorded };
  }

  /**
   * The event that began the stream, when it is the one that creates this aggregate: whether
   * the record exists, and what it was created with, at the cost of reading one event.
   */
  async creation<T extends DomainEvent['type'], C, S>(
    aggregate: Aggregate<C, S>,
    id: string,
    creatingType: T,
  ): Promise<Extract<DomainEvent, { type: T }> | undefined> {
    const [first] = await this.store.readStream(aggregate.streamName(id), { maxCount: 1 });
    const event = first && fromStoredEvent(first.type, first.data);
    return event?.type === creatingType ? (event as Extract<DomainEvent, { type: T }>) : undefined;
  }

  async assertExists<C, S>(aggregate: Aggregate<C, S>, id: string, creatingType: DomainEvent['type']): Promise<void> {
    if (!(await this.creation(aggregate, id, creatingType))) throw new NotFound(aggregate.name, id);
  }
}
