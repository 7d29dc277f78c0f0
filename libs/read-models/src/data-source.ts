import { DataSource } from 'typeorm';
import {
  AppendInOneStatement1763900018000,
  CreateEventStore1763900000000,
  CreatePersonalDataKeys1763900003000,
} from '@casebook/event-store';
import { CaseSummary } from './entities/case-summary.entity.js';
import { ContactRecord } from './entities/contact-record.entity.js';
import { MutualSummary } from './entities/mutual-summary.entity.js';
import { ProjectionCheckpoint } from './entities/projection-checkpoint.entity.js';
import { MilestoneHistoryEntry } from './entities/milestone-history-entry.entity.js';
import { TimelineEntry } from './entities/timeline-entry.entity.js';
import { StudySummary } from './entities/study-summary.entity.js';
import { WaveCase } from './entities/wave-case.entity.js';
import { WaveProgress } from './entities/wave-progress.entity.js';
import { InterviewRecord } from './entities/interview-record.entity.js';
import { StudyHistoryEntry } from './entities/study-history-entry.entity.js';
import { RegistrationHistoryEntry } from './entities/registration-history-entry.entity.js';
import { AccountDirectoryEntry } from './entities/account-directory-entry.entity.js';
import { ExportAuditEntry } from './entities/export-audit-entry.entity.js';
import { ContactHistoryEntry } from './entities/contact-history-entry.entity.js';
import { WaveContact } from './entities/wave-contact.entity.js';
import { WaveCaseContact } from './entities/wave-case-contact.entity.js';
import { CreateReadModels1763900001000 } from './migrations/1763900001000-create-read-models.js';
import { CreateIdempotencyKeys1763900002000 } from './migrations/1763900002000-create-idempotency-keys.js';
import { CreateContacts1763900006000 } from './migrations/1763900006000-create-contacts.js';
import { AddOutcomeDaysAndStudyHistory1763900007000 } from './migrations/1763900007000-add-outcome-days-and-study-history.js';
import { CreateMilestoneHistory1763900004000 } from './migrations/1763900004000-create-milestone-history.js';
import { CreateStudyReadModels1763900005000 } from './migrations/1763900005000-create-study-read-models.js';
import { CreateRegistrationHistory1763900008000 } from './migrations/1763900008000-create-registration-history.js';
import { CreateAccountDirectory1763900009000 } from './migrations/1763900009000-create-account-directory.js';
import { RecordProjectionFailures1763900010000 } from './migrations/1763900010000-record-projection-failures.js';
import { WaveCasesOfTheWaveProjection1763900011000 } from './migrations/1763900011000-wave-cases-of-the-wave-projection.js';
import { ACheckpointPerProjection1763900012000 } from './migrations/1763900012000-a-checkpoint-per-projection.js';
import { ProjectionVersions1763900013000 } from './migrations/1763900013000-projection-versions.js';
import { TimelineAsKnownAndAsTrue1763900014000 } from './migrations/1763900014000-timeline-as-known-and-as-true.js';
import { CreateExportAudit1763900016000 } from './migrations/1763900016000-create-export-audit.js';
import { DashboardIndexes1763900017000 } from './migrations/1763900017000-dashboard-indexes.js';
import { ReminderJobs1763900019000 } from './migrations/1763900019000-reminder-jobs.js';
import { ReminderOutcomes1763900020000 } from './migrations/1763900020000-reminder-outcomes.js';

export const READ_MODEL_ENTITIES = [
  MutualSummary,
  TimelineEntry,
  MilestoneHistoryEntry,
  CaseSummary,
  StudySummary,
  StudyHistoryEntry,
  WaveProgress,
  WaveCase,
  InterviewRecord,
  ContactRecord,
  RegistrationHistoryEntry,
  AccountDirectoryEntry,
  ExportAuditEntry,
  ContactHistoryEntry,
  WaveContact,
  WaveCaseContact,
  ProjectionCheckpoint,
];

/** Every schema change of the database, event store included, in the order it applies. */
export const MIGRATIONS = [
  CreateEventStore1763900000000,
  CreateReadModels1763900001000,
  CreateIdempotencyKeys1763900002000,
  CreatePersonalDataKeys1763900003000,
  CreateMilestoneHistory1763900004000,
  CreateStudyReadModels1763900005000,
  CreateContacts1763900006000,
  AddOutcomeDaysAndStudyHistory1763900007000,
  CreateRegistrationHistory1763900008000,
  CreateAccountDirectory1763900009000,
  RecordProjectionFailures1763900010000,
  WaveCasesOfTheWaveProjection1763900011000,
  ACheckpointPerProjection1763900012000,
  ProjectionVersions1763900013000,
  TimelineAsKnownAndAsTrue1763900014000,
  CreateExportAudit1763900016000,
  DashboardIndexes1763900017000,
  AppendInOneStatement1763900018000,
  ReminderJobs1763900019000,
  ReminderOutcomes1763900020000,
];

export function createDataSource(url: string, options: { poolSize?: number } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities: READ_MODEL_ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
    poolSize: options.poolSize ?? 10,
  });
}

export async function runMigrations(url: string): Promise<string[]> {
  const dataSource = createDataSource(url, { poolSize: 1 });
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
