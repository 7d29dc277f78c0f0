import { type MilestoneType, milestoneKindOf } from '@casebook/domain';

/** The API kind of an event that `isMilestoneEvent` accepted, which always has one. */
export function knownMilestoneKind(eventType: string): MilestoneType {
  const kind = milestoneKindOf(eventType);
  if (kind === undefined) throw new Error(`${eventType} is not a milestone event type`);
  return kind;
}
