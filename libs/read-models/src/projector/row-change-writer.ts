import type { EntityManager } from 'typeorm';
import { assertNever } from '@casebook/domain';
import type { RowChange } from '../projections/projection.js';

export async function applyRowChange(manager: EntityManager, change: RowChange): Promise<void> {
  switch (change.op) {
    case 'upsert':
      await manager.upsert(change.entity, change.row, { conflictPaths: change.conflictPaths });
      return;
    case 'update':
      await manager.update(change.entity, change.where, change.set);
      return;
    case 'increment':
      await manager.increment(change.entity, change.where, change.column, change.by);
      return;
    case 'delete':
      await manager.delete(change.entity, change.where);
      return;
    default:
      assertNever(change);
  }
}
