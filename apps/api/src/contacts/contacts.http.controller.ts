// Contacts of a case. Their name and email are the project's personal data: encrypted in the
// event store with a key per contact, and erased (the key destroyed, the read models blanked)
// on request by an administrator, while the research record stays whole. Contacts live in the
// case's stream, beside its waves, so every change to them is a write to the case. A contact's
// history lists what became of the reminders sent to them.
import { Body, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  AddContactBody,
  CONTACT_HISTORY_PAGE_SIZE,
  ChangeContactConsentBody,
  ContactHistoryQuery,
  EraseContactBody,
  OptOutContactBody,
  UpdateContactDetailsBody,
  type CaseCommand,
  addContactFromInput,
  changeContactConsentFromInput,
  encodeContactHistoryCursor,
  eraseContactFromInput,
  optOutContactFromInput,
  readBody,
  updateContactDetailsFromInput,
} from '@casebook/domain';
import { hasRole } from '../auth/principal.js';
import { CaseAccess } from '../cases/case-access.js';
import { Context, type RequestContext } from '../http/request-context.js';
import { Ids, type PathIds } from '../http/path-ids.js';
import { WriteCase, newId } from '@casebook/write-model';
import { ApiController, ReadRoute } from '../http/api-routes.js';
import { nextPageLink } from '../http/next-page.js';
import { type WriteAnswer, WriteRoute, answer } from '../write-route/write-route.js';
import { ContactResponse } from './contact.dto.js';
import { ContactHistoryResponse } from './contact-history.response.dto.js';
import { GetContactHistory } from './get-contact-history.query.js';
import { ListContacts } from './list-contacts.query.js';

type ContactCommandReader = (input: unknown, ids: { caseId: string; contactId: string }, now: string) => CaseCommand;

const CONTACT = 'No such case or contact';
const CONTACT_ROUTE = ':contactId';

@ApiController('contacts', 'api/v1/cases/:caseId/contacts')
export class ContactsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly access: CaseAccess,
    private readonly queries: QueryBus,
  ) {}

  @WriteRoute({
    method: 'POST',
    status: 201,
    role: 'researcher',
    summary: 'Add a contact to a case',
    body: AddContactBody,
    notFound: 'No case has this id',
  })
  addContact(@Ids() { caseId }: PathIds<'caseId'>, @Body() body: unknown, @Context() context: RequestContext): Promise<WriteAnswer> {
    return this.change(addContactFromInput, caseId, newId(context, 'contact'), body, context);
  }

  @ReadRoute({
    summary: "A case's contacts; erased contacts keep their role but no personal data",
    answer: [ContactResponse],
    forbidden: "Not a member of the case's study",
    notFound: 'No case has this id',
  })
  async listContacts(@Ids() { caseId }: PathIds<'caseId'>, @Context() context: RequestContext): Promise<ContactResponse[]> {
    await this.access.assertCanRead(context, caseId);
    return this.queries.execute(new ListContacts(caseId));
  }

  @ReadRoute({
    path: `${CONTACT_ROUTE}/history`,
    summary: "A contact's history: every event about them, reminders sent and failed for good among them, in the order recorded",
    description:
      'Follow `next` until it is absent: each entry comes once, and entries recorded meanwhile come at the end. The reasons in it ' +
      "(the mail server's words about a failed reminder, the contact's reason for opting out) are the contact's personal data: " +
      'researchers and administrators see them, viewers get null, and after the contact is erased nobody does.',
    answer: ContactHistoryResponse,
    query: ContactHistoryQuery,
    forbidden: "Not a member of the case's study",
    notFound: `${CONTACT} (or not yet in the read models)`,
  })
  async getContactHistory(
    @Ids() { caseId, contactId }: PathIds<'caseId' | 'contactId'>,
    @Query() query: Record<string, unknown>,
    @Context() context: RequestContext,
  ): Promise<ContactHistoryResponse> {
    const { limit = CONTACT_HISTORY_PAGE_SIZE.default, cursor } = readBody(ContactHistoryQuery, { ...query });
    await this.access.assertCanRead(context, caseId);
    // Those who record contacts' details see them; a viewer reads the record without them.
    const showPersonal = context.principal !== undefined && hasRole(context.principal, 'researcher');
    const { entries, nextCursor } = await this.queries.execute(new GetContactHistory(caseId, contactId, showPersonal, limit, cursor));
    if (!nextCursor) return { contactId, entries };
    const encoded = encodeContactHistoryCursor(nextCursor);
    const path = `/api/v1/cases/${caseId}/contacts/${contactId}/history`;
    return { contactId, entries, next: nextPageLink(path, query, limit, encoded), nextCursor: encoded };
  }

  @WriteRoute({
    method: 'PATCH',
    path: CONTACT_ROUTE,
    status: 200,
    role: 'researcher',
    summary: "Update a contact's name or email",
    body: UpdateContactDetailsBody,
    notFound: CONTACT,
    conflicts: 'contact-erased',
  })
  updateContact(@Ids() { caseId, contactId }: PathIds<'caseId' | 'contactId'>, @Body() body: unknown, @Context() context: RequestContext) {
    return this.change(updateContactDetailsFromInput, caseId, contactId, body, context);
  }

  @WriteRoute({
    method: 'PUT',
    path: `${CONTACT_ROUTE}/consent`,
    status: 200,
    role: 'researcher',
    summary: 'Record whether the contact agrees to be contacted',
    body: ChangeContactConsentBody,
    notFound: CONTACT,
    conflicts: 'contact-erased',
  })
  changeContactConsent(
    @Ids() { caseId, contactId }: PathIds<'caseId' | 'contactId'>,
    @Body() body: unknown,
    @Context() context: RequestContext,
  ) {
    return this.change(changeContactConsentFromInput, caseId, contactId, body, context);
  }

  @WriteRoute({
    method: 'POST',
    path: `${CONTACT_ROUTE}/opt-out`,
    status: 200,
    role: 'researcher',
    summary: 'The contact asked not to be contacted again',
    body: OptOutContactBody,
    bodyOptional: true,
    notFound: CONTACT,
  })
  optOutContact(@Ids() { caseId, contactId }: PathIds<'caseId' | 'contactId'>, @Body() body: unknown, @Context() context: RequestContext) {
    return this.change(optOutContactFromInput, caseId, contactId, body ?? {}, context);
  }

  @WriteRoute({
    method: 'DELETE',
    path: CONTACT_ROUTE,
    status: 200,
    role: 'admin',
    summary: "Erase a contact's personal data everywhere, on request (administrators)",
    description:
      "The contact's key is destroyed before the erasure is recorded, so its name and email are unreadable in every event at once.",
    body: EraseContactBody,
    bodyOptional: true,
    notFound: CONTACT,
  })
  eraseContact(@Ids() { caseId, contactId }: PathIds<'caseId' | 'contactId'>, @Body() body: unknown, @Context() context: RequestContext) {
    return this.change(eraseContactFromInput, caseId, contactId, body ?? {}, context);
  }

  private async change(
    read: ContactCommandReader,
    caseId: string,
    contactId: string,
    body: unknown,
    context: RequestContext,
  ): Promise<WriteAnswer> {
    await this.access.assertCanWrite(context, caseId);
    return answer(contactId, await this.commands.execute(new WriteCase(caseId, read(body, { caseId, contactId }, context.now), context)));
  }
}
