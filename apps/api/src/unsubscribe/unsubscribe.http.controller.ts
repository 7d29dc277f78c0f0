// The page a reminder email's unsubscribe link opens, and the one-click unsubscribe (RFC 8058)
// a mail client posts to the same address. The signed token in the address is the credential:
// GET only asks, so a link scanner that opens every link opts nobody out; POST records the
// opt-out through the one write path, once.
import { Controller, HttpCode, Param, Post, Req, Res, UseFilters, applyDecorators } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { optOutContactFromInput } from '@casebook/domain';
import { Clock, WriteCase, type WriteRequest } from '@casebook/write-model';
import { Public } from '../auth/auth.decorators.js';
import { ReadRoute } from '../http/api-routes.js';
import { correlationIdOf } from '../http/correlation-id.js';
import { type PathParam, documentIds } from '../http/path-ids.js';
import { FORM_LIMIT_BYTES } from './form-body.js';
import { UnsubscribeLinkGone, UnsubscribeLinks } from './unsubscribe-link.js';
import { UnsubscribePageFilter } from './unsubscribe-page.filter.js';
import { HTML_CONTENT_TYPE, PAGE_CONTENT_SECURITY_POLICY, confirmationPage, unsubscribedPage } from './unsubscribe-pages.js';

/**
 * Who recorded an opt-out made by the link: the contact, through the unsubscribe link. Not an
 * account id, so no staff member is credited with it; the event names the contact itself.
 */
export const UNSUBSCRIBE_LINK_RECORDER = 'contact:unsubscribe-link';

const TOKEN: Record<string, PathParam> = {
  token: {
    description:
      'The signed token of the reminder email’s unsubscribe link (`<payload>.<signature>`, base64url): the case, the contact and an expiry, signed with UNSUBSCRIBE_SECRET',
  },
};
const REFUSALS =
  'A browser (Accept: text/html) gets an HTML page with the same status instead of problem+json. ' +
  'Without UNSUBSCRIBE_SECRET the server has no unsubscribe page: every address is 404.';
const GONE =
  'The link is genuine but no longer opts anyone out: expired, or the contact already opted out, was erased, or the case withdrawn (`rule` says which)';
const TOO_MANY = 'Too many links that are not ours from this address; see Retry-After. Expired links do not count';

@ApiTags('unsubscribe')
@Public()
@UseFilters(UnsubscribePageFilter)
@Controller('unsubscribe')
export class UnsubscribeController {
  constructor(
    private readonly links: UnsubscribeLinks,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {}

  @ReadRoute({
    path: ':token',
    summary: 'The unsubscribe page of a reminder email: asks whether to stop reminders to this address',
    description:
      'Public: the link in the email is the credential. Changes nothing, so a link scanner opening it opts nobody out; ' +
      'its form posts `List-Unsubscribe=One-Click` back to the same address. The page names the study, and no person. ' +
      `A token that is not ours is 400 (\`errors\` names \`token\` and the rule: \`format\` or \`signature\`). ${REFUSALS}`,
    answer: String,
    produces: { [HTML_CONTENT_TYPE]: 'The page, with a button that stops the reminders' },
    pathParams: TOKEN,
    notFound: 'No unsubscribe page on this server, or the link names a case or contact the record does not hold',
  })
  @ApiResponse({ status: 410, description: GONE })
  @ApiResponse({ status: 429, description: TOO_MANY })
  async getUnsubscribePage(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const contact = await this.links.contactOf(token, request);
    asPage(reply);
    return confirmationPage(contact.studyTitle);
  }

  @Post(':token')
  @HttpCode(200)
  @applyDecorators(...documentIds(':token', TOKEN))
  @ApiOperation({
    summary: 'Stop reminders to the contact the unsubscribe link names (one-click unsubscribe, RFC 8058)',
    description:
      'Public: the link in the email is the credential. What mail clients post for `List-Unsubscribe-Post: List-Unsubscribe=One-Click`, ' +
      `and what the page's form posts: \`List-Unsubscribe=One-Click\` as application/x-www-form-urlencoded (at most ${FORM_LIMIT_BYTES} bytes; ` +
      'a JSON body or none is heard alike). Records `ContactOptedOut` for that contact of that case, recorded by ' +
      `\`${UNSUBSCRIBE_LINK_RECORDER}\`; it works once: posting the same link again is 410 and records nothing. ${REFUSALS}`,
  })
  @ApiOkResponse({
    description: 'The contact is opted out: a page saying no more reminders come for this study',
    content: { [HTML_CONTENT_TYPE]: { schema: { type: 'string' } } },
  })
  @ApiResponse({ status: 410, description: GONE })
  @ApiResponse({ status: 413, description: `The form is larger than ${FORM_LIMIT_BYTES} bytes, or a JSON body larger than 1 MiB` })
  @ApiResponse({ status: 415, description: 'The body is neither application/x-www-form-urlencoded nor application/json' })
  @ApiResponse({ status: 429, description: TOO_MANY })
  async unsubscribeContact(
    @Param('token') token: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const contact = await this.links.contactOf(token, request);
    const { caseId, contactId } = contact;
    const writeRequest: WriteRequest = {
      correlationId: correlationIdOf(request),
      causationId: request.id,
      recordedBy: UNSUBSCRIBE_LINK_RECORDER,
    };
    const command = optOutContactFromInput(undefined, { caseId, contactId }, this.clock.now().toISOString());
    const result = await this.commands.execute(new WriteCase(caseId, command, writeRequest));
    // Another request opted the contact out between the check and the write: this one did nothing.
    if (result.events.length === 0) throw new UnsubscribeLinkGone('already-opted-out');
    asPage(reply);
    return unsubscribedPage(contact.studyTitle);
  }
}

function asPage(reply: FastifyReply): void {
  void reply.header('content-type', HTML_CONTENT_TYPE).header('content-security-policy', PAGE_CONTENT_SECURITY_POLICY);
}
