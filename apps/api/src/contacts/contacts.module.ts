import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ReadModelsModule } from '@casebook/read-models';
import { CasesModule } from '../cases/cases.module.js';
import { WriteModelModule } from '@casebook/write-model';
import { ContactsController } from './contacts.http.controller.js';
import { GetContactHistoryHandler } from './get-contact-history.query.js';
import { ListContactsHandler } from './list-contacts.query.js';

@Module({
  imports: [CqrsModule, WriteModelModule, ReadModelsModule, CasesModule],
  controllers: [ContactsController],
  providers: [ListContactsHandler, GetContactHistoryHandler],
})
export class ContactsModule {}
