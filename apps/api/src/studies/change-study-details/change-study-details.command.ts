import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import {
  type CaseEvent,
  type OpenWaveOfStudy,
  caseDecider,
  caseStreamName,
  changeStudyDetailsFromInput,
  fromStoredEvent,
  isWaveOpen,
  studyDecider,
  studyStreamName,
} from '@casebook/domain';
import { EventStore } from '@casebook/event-store';
import { CaseSummary } from '@casebook/read-models';
import { expectedVersionFrom } from '../../http/if-match.js';
import type { RequestContext } from '../../http/request-context.js';
import { Clock } from '../../write-model/clock.js';
import { DeciderRunner, type WriteResult } from '../../write-model/decider-runner.js';

/** The caller has checked that the study exists and that it may change it. */
export class ChangeStudyDetails extends Command<WriteResult> {
  constructor(
    readonly studyId: string,
    readonly body: unknown,
    readonly context: RequestContext,
  ) {
    super();
  }
}

@CommandHandler(ChangeStudyDetails)
export class ChangeStudyDetailsHandler implements ICommandHandler<ChangeStudyDetails> {
  constructor(
    private readonly runner: DeciderRunner,
    private readonly store: EventStore,
    private readonly clock: Clock,
    @InjectRepository(CaseSummary) private readonly cases: Repository<CaseSummary>,
  ) {}

  async execute({ studyId, body, context }: ChangeStudyDetails): Promise<WriteResult> {
    // Read first, so bad input is answered as such before any case is read.
    const command = changeStudyDetailsFromInput(body, studyId, this.clock.now().toISOString(), []);
    const touchesPeriod = command.data.startsOn !== undefined || command.data.endsOn !== undefined;
    const openWaves = touchesPeriod ? await this.openWavesOf(studyId) : [];
    return this.runner.run(studyDecider, studyStreamName(studyId), () => ({ ...command, openWaves }), {
      ...context,
      expectedVersion: expectedVersionFrom(context.ifMatch),
    });
  }

  /**
   * The study's stream does not list its cases, so which cases it has comes from the cases read
   * model (enrolment is rare and long projected by the time a period is corrected); what their
   * waves are comes from each case's own stream, so a wave scheduled a moment ago counts.
   */
  private async openWavesOf(studyId: string): Promise<OpenWaveOfStudy[]> {
    const enrolled = await this.cases.find({ where: { studyId }, select: { caseId: true } });
    const waves: OpenWaveOfStudy[] = [];
    for (const { caseId } of enrolled) {
      const recorded = await this.store.readStream(caseStreamName(caseId));
      const state = recorded
        .map((r) => fromStoredEvent(r.type, r.data) as CaseEvent | undefined)
        .filter((e): e is CaseEvent => e !== undefined)
        .reduce(caseDecider.evolve, caseDecider.initialState());
      if (state.status !== 'enrolled') continue;
      for (const wave of state.waves.filter(isWaveOpen)) {
        waves.push({ caseId, waveNumber: wave.waveNumber, opensOn: wave.opensOn, closesOn: wave.closesOn });
      }
    }
    return waves;
  }
}
