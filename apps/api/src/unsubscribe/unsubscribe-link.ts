// What an unsubscribe link stands for, decided at every request from the signed token and the
// case's own stream (never a read model that may lag): which contact of which case, and whether
// that contact can still be opted out. A link that is not ours counts as a failed attempt.
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import { NotFound, ValidationFailed, contactLooksErased } from '@casebook/domain';
import { UNSUBSCRIBE_LINK_DAYS, verifyUnsubscribeToken } from '@casebook/reminders';
import { AggregateReader, Cases, Clock, Studies } from '@casebook/write-model';
import { FailedAttempts } from '../auth/failed-sign-ins.js';

/** Why a genuine link no longer opts anyone out: answered 410, as nothing at this address will work again. */
export type GoneReason = 'expired' | 'already-opted-out' | 'contact-erased' | 'case-withdrawn';

export class UnsubscribeLinkGone extends Error {
  constructor(readonly rule: GoneReason) {
    super(GONE_DETAIL[rule]);
  }
}

const GONE_DETAIL: Record<GoneReason, string> = {
  expired: `The unsubscribe link has expired: links work for ${UNSUBSCRIBE_LINK_DAYS} days after their reminder`,
  'already-opted-out': 'The contact has already opted out: no more reminders go to them for this case',
  'contact-erased': "The contact's personal data has been erased: no more reminders go to them",
  'case-withdrawn': 'The case was withdrawn from its study: no more reminders go out for it',
};

/** The contact a link names, still reachable: the one the page may opt out. */
export interface LinkedContact {
  caseId: string;
  contactId: string;
  /** The study's title, shown so the contact knows which reminders stop. */
  studyTitle?: string;
}

/**
 * Failed links are counted per client address only: a forged token names whichever contact its
 * maker chose, so counting per contact would let anyone block that contact's real link.
 */
export class FailedUnsubscribeAttempts extends FailedAttempts {
  constructor() {
    super(
      'unsubscribe',
      () => undefined,
      () => undefined,
    );
  }
}

@Injectable()
export class UnsubscribeLinks {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly aggregates: AggregateReader,
    private readonly clock: Clock,
    private readonly failedAttempts: FailedUnsubscribeAttempts,
  ) {}

  /**
   * The contact `token` names, when the link is ours, unexpired and its contact still gets
   * reminders; otherwise throws why not (400 not ours, 404 nobody, 410 gone, 429 too many).
   */
  async contactOf(token: string, request: FastifyRequest): Promise<LinkedContact> {
    const settings = this.config.unsubscribe;
    // Without a secret no link can be checked, so there is no page at all.
    if (!settings) throw new NotFound('page', 'at this address');
    await this.failedAttempts.refuseIfBlocked(request, token);
    const check = verifyUnsubscribeToken(token, settings.secret, this.clock.now().getTime());
    if (!check.ok) {
      // An expired link is one of ours, genuinely signed: not a guess.
      if (check.why === 'expired') throw new UnsubscribeLinkGone('expired');
      await this.failedAttempts.record(request, token);
      throw new ValidationFailed([
        check.why === 'forged'
          ? { field: 'token', rule: 'signature', message: 'token is not signed by this server: the link was changed or is not one of ours' }
          : { field: 'token', rule: 'format', message: 'token is not an unsubscribe token: the link may have been cut short' },
      ]);
    }
    const { caseId, contactId } = check;
    const { state } = await this.aggregates.read(Cases, caseId);
    if (state.status === 'not-enrolled') throw new NotFound('case', caseId);
    const contact = state.contacts.find((c) => c.contactId === contactId);
    if (!contact) throw new NotFound('contact', contactId);
    if (contactLooksErased(contact)) throw new UnsubscribeLinkGone('contact-erased');
    if (contact.optedOut) throw new UnsubscribeLinkGone('already-opted-out');
    if (state.status === 'withdrawn') throw new UnsubscribeLinkGone('case-withdrawn');
    const study = await this.aggregates.read(Studies, state.studyId);
    return { caseId, contactId, ...(study.state.status === 'created' && { studyTitle: study.state.title }) };
  }
}
