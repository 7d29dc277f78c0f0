import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ContactRecord } from '@casebook/read-models';
import type { ContactResponse } from './contact.dto.js';

export class ListContacts extends Query<ContactResponse[]> {
  constructor(readonly caseId: string) {
    super();
  }
}

@QueryHandler(ListContacts)
export class ListContactsHandler implements IQueryHandler<ListContacts> {
  constructor(@InjectRepository(ContactRecord) private readonly contacts: Repository<ContactRecord>) {}

  async execute({ caseId }: ListContacts): Promise<ContactResponse[]> {
    const rows = await this.contacts.find({ where: { caseId }, order: { contactId: 'ASC' } });
    return rows.map(({ contactId, role, consentToContact, optedOut, erased, name, email }) => ({
      contactId,
      role,
      consentToContact,
      optedOut,
      erased,
      name,
      email,
    }));
  }
}
