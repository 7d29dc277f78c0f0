// A study as the event store has it now, for rules on other aggregates that depend on it (a
// wave's window must lie inside the study's period; a period must keep every open wave) rather
// than a read model, which may not yet show a change made a moment ago.
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import {
  DEFAULT_REMINDER_POLICY,
  NotFound,
  type OpenWaveOfStudy,
  type ReminderPolicy,
  type StudyPeriod,
  type StudyState,
  isWaveOpen,
  normalisedReminderPolicy,
  reminderTimeZone,
} from '@casebook/domain';
import { CaseSummary } from '@casebook/read-models';
import { AggregateReader, Cases, Studies } from '@casebook/write-model';

export type CreatedStudy = Extract<StudyState, { status: 'created' }>;

@Injectable()
export class StudyRecord {
  constructor(
    private readonly aggregates: AggregateReader,
    @InjectRepository(CaseSummary) private readonly cases: Repository<CaseSummary>,
  ) {}

  async current(studyId: string): Promise<CreatedStudy> {
    const { state } = await this.aggregates.read(Studies, studyId);
    if (state.status !== 'created') throw new NotFound('study', studyId);
    return state;
  }

  /** The reminder policy in force, the zone reminders are timed in, and the study's version. */
  async reminderPolicyOf(studyId: string): Promise<{ policy: ReminderPolicy; isDefault: boolean; timeZone: string; version: number }> {
    const { state, version } = await this.aggregates.read(Studies, studyId);
    if (state.status !== 'created') throw new NotFound('study', studyId);
    return {
      policy: normalisedReminderPolicy(state.reminderPolicy ?? DEFAULT_REMINDER_POLICY),
      isDefault: state.reminderPolicy === undefined,
      timeZone: reminderTimeZone(state.timeZone),
      version,
    };
  }

  async periodOf(studyId: string): Promise<StudyPeriod> {
    const { startsOn, endsOn } = await this.current(studyId);
    return { startsOn, endsOn };
  }

  /**
   * The study's stream does not list its cases, so which cases it has comes from the cases read
   * model (enrolment is rare and long projected by the time a period is corrected); what their
   * waves are comes from each case's own stream, so a wave scheduled a moment ago counts.
   */
  async openWavesOf(studyId: string): Promise<OpenWaveOfStudy[]> {
    const enrolled = await this.cases.find({ where: { studyId }, select: { caseId: true } });
    const waves: OpenWaveOfStudy[] = [];
    for (const { caseId } of enrolled) {
      const { state } = await this.aggregates.read(Cases, caseId);
      if (state.status !== 'enrolled') continue;
      for (const wave of state.waves.filter(isWaveOpen)) {
        waves.push({ caseId, waveNumber: wave.waveNumber, opensOn: wave.opensOn, closesOn: wave.closesOn });
      }
    }
    return waves;
  }
}
