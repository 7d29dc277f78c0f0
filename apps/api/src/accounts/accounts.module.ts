import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { WriteModelModule } from '../write-model/write-model.module.js';
import { AccountsController } from './accounts.http.controller.js';
import { ChangeAccountHandler } from './change-account.command.js';

@Module({
  imports: [CqrsModule, WriteModelModule],
  controllers: [AccountsController],
  providers: [ChangeAccountHandler],
})
export class AccountsModule {}
