// A study as its own stream has it now. Rules on other aggregates that depend on the study (a
// wave's window must lie inside the study's period) read it here rather than from a read model,
// which may not yet show a change made a moment ago.
import { Injectable } from '@nestjs/common';
import { NotFound, type StudyEvent, type StudyPeriod, type StudyState, fromStoredEvent, studyDecider, studyStreamName } from '@casebook/domain';
import { EventStore } from '@casebook/event-store';

export type CreatedStudy = Extract<StudyState, { status: 'created' }>;

@Injectable()
export class StudyRecord {
  constructor(private readonly store: EventStore) {}

  async current(studyId: string): Promise<CreatedStudy> {
    const recorded = await this.store.readStream(studyStreamName(studyId));
    const state = recorded
      .map((r) => fromStoredEvent(r.type, r.data) as StudyEvent | undefined)
      .filter((e): e is StudyEvent => e !== undefined)
      .reduce(studyDecider.evolve, studyDecider.initialState());
    if (state.status !== 'created') throw new NotFound('study', studyId);
    return state;
  }

  async periodOf(studyId: string): Promise<StudyPeriod> {
    const { startsOn, endsOn } = await this.current(studyId);
    return { startsOn, endsOn };
  }
}
