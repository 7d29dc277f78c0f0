import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { AccountsModule } from '../accounts/accounts.module.js';
import { StudiesModule } from '../studies/studies.module.js';
import { WriteModelModule } from '@casebook/write-model';
import { GetExportAuditHandler } from './export-audit/get-export-audit.query.js';
import { ExportsController } from './exports.http.controller.js';

/** Exports of a study's research data with their codebook and import scripts, and the audit of every export. */
@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule, StudiesModule, AccountsModule],
  controllers: [ExportsController],
  providers: [GetExportAuditHandler],
})
export class ExportsModule {}
