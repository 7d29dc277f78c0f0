// Contacts of a case. Their name and email are the project's personal data: encrypted in the
// event store with a key per contact, and erased (the key destroyed, the read models blanked)
// on request by an administrator, while the research record stays whole.
import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyReply } from 'fastify';
import type { Repository } from 'typeorm';
import {
  type CaseEvent,
  addContactFromInput,
  caseDecider,
  caseStreamName,
  evolveCase,
  fromStoredEvent,
  initialCaseState,
  changeContactConsentFromInput,
  eraseContactFromInput,
  optOutContactFromInput,
  updateContactDetailsFromInput,
} from '@casebook/domain';
import { PersonalDataProtectingEventStore } from '@casebook/event-store';
import { ContactRecord } from '@casebook/read-models';
import { RequireRole } from '../auth/auth.decorators.js';
import { CaseAccess } from '../cases/case-access.js';
import { Context, type RequestContext } from '../http/request-context.js';
import { UUID_PARAM } from '../http/uuid-param.js';
import { Idempotent } from '../idempotency/idempotency.interceptor.js';
import { WriteResponse, answerWrite } from '../http/write-response.js';
import { newId } from '../write-model/ids.js';
import { ChangeContact } from './change-contact.command.js';
import { AddContactRequest, ContactResponse } from './contact.dto.js';

@ApiBearerAuth()
@ApiTags('contacts')
@Controller('api/v1/cases/:caseId/contacts')
export class ContactsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: CaseAccess,
    private readonly personalData: PersonalDataProtectingEventStore,
    @InjectRepository(ContactRecord) private readonly contacts: Repository<ContactRecord>,
  ) {}

  @Post()
  @HttpCode(201)
  @Idempotent()
  @RequireRole('researcher')
  @ApiOperation({ summary: 'Add a contact to a case' })
  @ApiBody({ type: AddContactRequest, examples: { director: { value: { role: 'director', consentToContact: true, personal: { name: 'Sam Patel', email: 'sam.patel@example.org' } } } } })
  async add(@Param('caseId', UUID_PARAM) caseId: string, @Body() body: AddContactRequest, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply): Promise<WriteResponse> {
    await this.access.assertCanWrite(context, caseId);
    const contactId = newId(context, 'contact');
    const result = await this.commands.execute(new ChangeContact(caseId, (now) => addContactFromInput(body, { caseId, contactId }, now), context));
    return answerWrite(reply, contactId, result);
  }

  @Get()
  @ApiOperation({ summary: "A case's contacts; erased contacts keep their role but no personal data" })
  @ApiOkResponse({ type: [ContactResponse] })
  async list(@Param('caseId', UUID_PARAM) caseId: string, @Context() context: RequestContext): Promise<ContactResponse[]> {
    await this.access.assertCanRead(context, caseId);
    const rows = await this.contacts.find({ where: { caseId }, order: { contactId: 'ASC' } });
    return rows.map(({ contactId, role, consentToContact, optedOut, erased, name, email }) => ({ contactId, role, consentToContact, optedOut, erased, name, email }));
  }

  @Patch(':contactId')
  @RequireRole('researcher')
  @ApiOperation({ summary: "Update a contact's name or email" })
  @ApiBody({ schema: { type: 'object', properties: { personal: { type: 'object' } } }, examples: { email: { value: { personal: { email: 'sam@newmail.example.org' } } } } })
  async update(@Param('caseId', UUID_PARAM) caseId: string, @Param('contactId', UUID_PARAM) contactId: string, @Body() body: unknown, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.access.assertCanWrite(context, caseId);
    const result = await this.commands.execute(new ChangeContact(caseId, (now) => updateContactDetailsFromInput(body, { caseId, contactId }, now), context));
    return answerWrite(reply, contactId, result);
  }

  @Put(':contactId/consent')
  @RequireRole('researcher')
  @ApiOperation({ summary: 'Record whether the contact agrees to be contacted' })
  @ApiBody({ schema: { type: 'object', properties: { consentToContact: { type: 'boolean' } } }, examples: { withdraw: { value: { consentToContact: false } } } })
  async consent(@Param('caseId', UUID_PARAM) caseId: string, @Param('contactId', UUID_PARAM) contactId: string, @Body() body: unknown, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.access.assertCanWrite(context, caseId);
    const result = await this.commands.execute(new ChangeContact(caseId, (now) => changeContactConsentFromInput(body, { caseId, contactId }, now), context));
    return answerWrite(reply, contactId, result);
  }

  @Post(':contactId/opt-out')
  @HttpCode(200)
  @RequireRole('researcher')
  @ApiOperation({ summary: 'The contact asked not to be contacted again' })
  async optOut(@Param('caseId', UUID_PARAM) caseId: string, @Param('contactId', UUID_PARAM) contactId: string, @Body() body: unknown, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.access.assertCanWrite(context, caseId);
    const result = await this.commands.execute(new ChangeContact(caseId, (now) => optOutContactFromInput(body ?? {}, { caseId, contactId }, now), context));
    return answerWrite(reply, contactId, result);
  }

  @Delete(':contactId')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ summary: "Erase a contact's personal data everywhere, on request (administrators)" })
  async erase(@Param('caseId', UUID_PARAM) caseId: string, @Param('contactId', UUID_PARAM) contactId: string, @Body() body: unknown, @Context() context: RequestContext, @Res({ passthrough: true }) reply: FastifyReply) {
    await this.access.assertCanWrite(context, caseId);
    // The command is checked first (the contact exists), then the key goes before the event is
    // written: were the write to fail, the data would already be unreadable, never the reverse.
    const state = (await this.personalData.readStream(caseStreamName(caseId)))
      .map((recorded) => fromStoredEvent(recorded.type, recorded.data) as CaseEvent | undefined)
      .filter((event): event is CaseEvent => event !== undefined)
      .reduce(evolveCase, initialCaseState());
    caseDecider.decide(eraseContactFromInput(body ?? {}, { caseId, contactId }, new Date().toISOString()), state);
    await this.personalData.eraseSubject(contactId);
    const result = await this.commands.execute(new ChangeContact(caseId, (now) => eraseContactFromInput(body ?? {}, { caseId, contactId }, now), context));
    return answerWrite(reply, contactId, result);
  }
}
