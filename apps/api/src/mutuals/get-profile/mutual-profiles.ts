// Profiles of many mutuals on one day, as now believed, in two queries whatever their number:
// what a study's dashboard and the sector's figures are folded from. A mutual's own profile,
// with time travel both ways, is GetMutualProfile.
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { type MilestoneType, type MutualProfile, type ProfileMilestone, type ProfileRegistration, profileOn } from '@casebook/domain';

interface RegistrationRow {
  id: string;
  name: string;
  service_areas: ProfileRegistration['serviceAreas'];
  region: ProfileRegistration['region'];
  legal_form: ProfileRegistration['legalForm'];
  parent_body: string | null;
}

interface MilestoneRow {
  mutual_id: string;
  milestone_id: string;
  type: MilestoneType;
  occurred_on: string;
  details: Record<string, unknown>;
}

@Injectable()
export class MutualProfiles {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The profile at the end of `day` of each registered mutual among `mutualIds`. */
  async onDay(mutualIds: readonly string[], day: string): Promise<Map<string, MutualProfile>> {
    if (mutualIds.length === 0) return new Map();
    const [registrations, milestones] = await Promise.all([
      this.dataSource.query<RegistrationRow[]>(
        `SELECT id, name, service_areas, region, legal_form, parent_body FROM read_models.mutuals WHERE id = ANY($1::uuid[])`,
        [mutualIds],
      ),
      this.dataSource.query<MilestoneRow[]>(
        `SELECT mutual_id, milestone_id, type, occurred_on, details FROM read_models.mutual_timeline
          WHERE mutual_id = ANY($1::uuid[])
          ORDER BY mutual_id, sort_key, stream_revision, milestone_id`,
        [mutualIds],
      ),
    ]);
    const byMutual = new Map<string, ProfileMilestone[]>();
    for (const row of milestones) {
      const list = byMutual.get(row.mutual_id) ?? [];
      list.push({ milestoneId: row.milestone_id, type: row.type, occurredOn: row.occurred_on, details: row.details });
      byMutual.set(row.mutual_id, list);
    }
    return new Map(
      registrations.map((row) => [
        row.id,
        profileOn(
          { name: row.name, serviceAreas: row.service_areas, region: row.region, legalForm: row.legal_form, parentBody: row.parent_body },
          byMutual.get(row.id) ?? [],
          day,
        ),
      ]),
    );
  }
}
