import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { waveStatus } from '@casebook/domain';
import { MutualSummary, WaveCase, WaveProgress } from '@casebook/read-models';
import { Clock } from '@casebook/write-model';
import type { WaveProgressResponse, WaveRemindersResponse } from './wave-progress.response.dto.js';

export class GetWaveProgress extends Query<WaveProgressResponse[]> {
  constructor(readonly scope: { studyId: string } | { caseId: string }) {
    super();
  }
}

/** Served from the read models; only "overdue" is worked out now, as it depends on today. */
@QueryHandler(GetWaveProgress)
export class GetWaveProgressHandler implements IQueryHandler<GetWaveProgress> {
  constructor(
    @InjectRepository(WaveProgress) private readonly waves: Repository<WaveProgress>,
    @InjectRepository(WaveCase) private readonly waveCases: Repository<WaveCase>,
    @InjectRepository(MutualSummary) private readonly mutuals: Repository<MutualSummary>,
    private readonly clock: Clock,
  ) {}

  async execute({ scope }: GetWaveProgress): Promise<WaveProgressResponse[]> {
    // The wave projection's own record of each case's study and mutual, never behind its waves.
    const cases = await this.waveCases.find({ where: scope });
    if (cases.length === 0) return [];
    const mutualOf = new Map(cases.map((c) => [c.caseId, c.mutualId]));
    const rows = await this.waves.find({
      where: { caseId: In([...mutualOf.keys()]) },
      order: { opensOn: 'ASC', caseId: 'ASC', waveNumber: 'ASC', waveId: 'ASC' },
    });
    if (rows.length === 0) return [];
    const mutuals = await this.mutuals.find({
      where: { id: In([...new Set(mutualOf.values())]) },
      select: { id: true, name: true },
    });
    const names = new Map(mutuals.map((m) => [m.id, m.name]));
    const reminders = await this.remindersOf(rows.map((row) => row.waveId));
    const today = this.clock.now().toISOString();
    return rows.map((row) => {
      const mutualId = mutualOf.get(row.caseId) ?? '';
      const mutualName = names.get(mutualId);
      return {
        waveId: row.waveId,
        caseId: row.caseId,
        mutualId,
        ...(mutualName !== undefined && { mutualName }),
        waveNumber: row.waveNumber,
        opensOn: row.opensOn,
        closesOn: row.closesOn,
        ...waveStatus(row, today),
        interviewCount: row.interviewCount,
        reminders: reminders.get(row.waveId) ?? remindersOfNobody(),
        ...(row.completedOn !== null && { completedOn: row.completedOn }),
        ...(row.skippedOn !== null && { skippedOn: row.skippedOn }),
        ...(row.cancelledOn !== null && { cancelledOn: row.cancelledOn }),
        ...(row.signedOffOn !== null && { signedOffOn: row.signedOffOn }),
        ...(row.signedOffAt && { signedOffAt: row.signedOffAt.toISOString() }),
        ...(row.skippedReason !== null && { skippedReason: row.skippedReason }),
        ...(row.cancelledReason !== null && { cancelledReason: row.cancelledReason }),
      };
    });
  }

  /** Each wave's contacts and their reminders' outcomes, with opt-outs kept by the same projection. */
  private async remindersOf(waveIds: string[]): Promise<Map<string, WaveRemindersResponse>> {
    const rows: { wave_id: string; contact_id: string; named: boolean; reminded: boolean; failed: boolean; opted_out: boolean }[] =
      await this.waves.manager.query(
        `SELECT c.wave_id, c.contact_id, c.named, c.reminded, c.failed, coalesce(o.opted_out, false) AS opted_out
           FROM read_models.wave_contacts c
           LEFT JOIN read_models.wave_case_contacts o ON o.contact_id = c.contact_id
          WHERE c.wave_id = ANY($1::uuid[])
          ORDER BY c.wave_id, c.contact_id`,
        [waveIds],
      );
    const byWave = new Map<string, WaveRemindersResponse>();
    for (const row of rows) {
      let reminders = byWave.get(row.wave_id);
      if (!reminders) byWave.set(row.wave_id, (reminders = remindersOfNobody()));
      if (row.named) reminders.namedCount += 1;
      if (row.reminded) reminders.reminded.push(row.contact_id);
      if (row.failed) reminders.failed.push(row.contact_id);
      if (row.opted_out && row.named) reminders.optedOut.push(row.contact_id);
    }
    for (const reminders of byWave.values()) {
      reminders.remindedCount = reminders.reminded.length;
      reminders.failedCount = reminders.failed.length;
      reminders.optedOutCount = reminders.optedOut.length;
    }
    return byWave;
  }
}

function remindersOfNobody(): WaveRemindersResponse {
  return { namedCount: 0, remindedCount: 0, failedCount: 0, optedOutCount: 0, reminded: [], failed: [], optedOut: [] };
}
