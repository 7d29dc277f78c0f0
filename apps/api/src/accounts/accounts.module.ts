import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { WriteModelModule } from '@casebook/write-model';
import { AccountDirectory } from './account-directory.js';
import { AccountsController } from './accounts.http.controller.js';

@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule],
  controllers: [AccountsController],
  providers: [AccountDirectory],
  exports: [AccountDirectory],
})
export class AccountsModule {}
