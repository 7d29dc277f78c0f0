// A projection is a pure function from one event to the row changes it causes. The runner
// (../projector) applies those changes and the checkpoint in one transaction, so projections
// never touch a connection and are tested without a database.
import type { DomainEvent, DomainEventType } from '@casebook/domain';
import type { Position } from '@casebook/event-store';
import type { EntityTarget, ObjectLiteral } from 'typeorm';

export interface ProjectedEvent {
  event: DomainEvent;
  streamName: string;
  /** Revision of the event in its stream, from 0. */
  revision: bigint;
  position: Position;
  /** When the fact was recorded (the event store's timestamp). */
  recordedAt: Date;
  /** Who recorded it, from which source, under which correlation id. */
  metadata: Record<string, unknown>;
  /** The stored event's id. */
  eventId: string;
}

export type RowChange<T extends ObjectLiteral = ObjectLiteral> =
  | { op: 'upsert'; entity: EntityTarget<T>; row: Partial<T>; conflictPaths: (keyof T & string)[] }
  | { op: 'update'; entity: EntityTarget<T>; where: Partial<T>; set: Partial<T> }
  | { op: 'increment'; entity: EntityTarget<T>; where: Partial<T>; column: keyof T & string; by: number }
  | { op: 'delete'; entity: EntityTarget<T>; where: Partial<T> };

export interface Projection {
  readonly name: string;
  /**
   * Raised whenever what the projection makes of events changes: a projector started with a
   * newer version than its checkpoint records rebuilds the projection's tables from the first
   * event, into fresh tables while the current ones keep serving (../projector/projection-rebuild.ts).
   */
  readonly version: number;
  /** Every table the projection writes, and no other projection writes: what a rebuild replaces. */
  readonly tables: readonly EntityTarget<ObjectLiteral>[];
  /**
   * Every event type the projection makes row changes of; the processor passes over the others
   * without decoding them (a spec checks that they change nothing).
   */
  readonly handles: readonly DomainEventType[];
  project(event: ProjectedEvent): RowChange[];
}
