import { deciderSpecification } from '../../../../test/support/decider-specification.js';
import { NotFound, RuleViolated, ValidationFailed } from '../shared/domain-error.js';
import { changeRoleFromInput, createAccountFromInput } from './account.commands.js';
import { accessAt, accountDecider } from './account.decider.js';
import type { AccountEvent } from './account.events.js';

const spec = deciderSpecification(accountDecider);
const accountId = 'a1';
const created: AccountEvent = {
  type: 'AccountCreated',
  data: { accountId, role: 'researcher', createdAt: '2026-01-05T09:00:00.000Z', personal: { displayName: 'Dr Ana Silva' } },
};

describe('account decider', () => {
  it('creates an account with a role', () => {
    spec
      .given([])
      .when(createAccountFromInput({ displayName: 'Dr Ana Silva', role: 'researcher' }, accountId, '2026-01-05T09:00:00.000Z'))
      .then([created]);
  });

  it('issues the first token with the account, in the same write', () => {
    spec
      .given([])
      .when(
        createAccountFromInput({ displayName: 'Dr Ana Silva', role: 'researcher' }, accountId, '2026-01-05T09:00:00.000Z', {
          tokenId: 't1',
          tokenHash: 'h1',
        }),
      )
      .then([
        created,
        {
          type: 'AccessTokenIssued',
          data: { accountId, tokenId: 't1', tokenHash: 'h1', label: 'first token', issuedAt: '2026-01-05T09:00:00.000Z' },
        },
      ]);
  });

  it('refuses an unknown role, naming the field and rule', () => {
    expect(() => createAccountFromInput({ displayName: 'X', role: 'owner' }, accountId, 'now')).toThrow(ValidationFailed);
    try {
      changeRoleFromInput({ role: 'owner' }, 'now');
    } catch (error) {
      expect((error as ValidationFailed).errors).toEqual([expect.objectContaining({ field: 'role', rule: 'one-of' })]);
    }
  });

  it('refuses to create an account twice', () => {
    spec
      .given([created])
      .when(createAccountFromInput({ displayName: 'Again', role: 'viewer' }, accountId, 'now'))
      .thenThrows(RuleViolated);
  });

  it('grants a study membership once; granting again records nothing', () => {
    const grant = { type: 'GrantStudyMembership' as const, studyId: 's1', now: '2026-02-01T00:00:00.000Z' };
    spec
      .given([created])
      .when(grant)
      .then([{ type: 'StudyMembershipGranted', data: { accountId, studyId: 's1', grantedAt: grant.now } }]);
    spec
      .given([created, { type: 'StudyMembershipGranted', data: { accountId, studyId: 's1', grantedAt: grant.now } }])
      .when(grant)
      .then([]);
  });

  it('revokes a token it issued, and refuses to revoke one it never issued', () => {
    const issued: AccountEvent = { type: 'AccessTokenIssued', data: { accountId, tokenId: 't1', tokenHash: 'h', issuedAt: 'x' } };
    spec
      .given([created, issued])
      .when({ type: 'RevokeToken', tokenId: 't1', now: 'y' })
      .then([{ type: 'AccessTokenRevoked', data: { accountId, tokenId: 't1', revokedAt: 'y' } }]);
    spec.given([created]).when({ type: 'RevokeToken', tokenId: 't9', now: 'y' }).thenThrows(NotFound);
  });

  it('lets a deactivated account lose access but gain none', () => {
    const deactivated: AccountEvent = { type: 'AccountDeactivated', data: { accountId, deactivatedAt: 'z' } };
    spec
      .given([created, deactivated])
      .when({ type: 'GrantStudyMembership', studyId: 's2', now: 'z2' })
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('deactivated'));
    spec.given([created, deactivated]).when({ type: 'IssueToken', tokenId: 't2', tokenHash: 'h', now: 'z2' }).thenThrows(RuleViolated);
  });

  describe('calendar feeds', () => {
    const issue = { type: 'IssueCalendarFeed' as const, feedId: 'f1', secretHash: 'hash-of-secret', now: '2026-06-01T08:00:00.000Z' };
    const issued: AccountEvent = {
      type: 'CalendarFeedIssued',
      data: { accountId, feedId: 'f1', secretHash: 'hash-of-secret', issuedAt: issue.now },
    };
    const revoked: AccountEvent = { type: 'CalendarFeedRevoked', data: { accountId, feedId: 'f1', revokedAt: '2026-06-02T08:00:00.000Z' } };

    it('issues a feed, keeping only the hash of its secret', () => {
      spec.given([created]).when(issue).then([issued]);
      const state = [created, issued].reduce(accountDecider.evolve, accountDecider.initialState());
      expect(state).toMatchObject({ calendarFeeds: { f1: { secretHash: 'hash-of-secret', issuedAt: issue.now } } });
    });

    it('refuses to issue a feed id twice, even after it was revoked', () => {
      spec
        .given([created, issued])
        .when({ ...issue, secretHash: 'another' })
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('calendar-feed-exists'));
      spec
        .given([created, issued, revoked])
        .when(issue)
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('calendar-feed-exists'));
    });

    it('revokes a feed it issued, keeping the day it was revoked', () => {
      spec.given([created, issued]).when({ type: 'RevokeCalendarFeed', feedId: 'f1', now: '2026-06-02T08:00:00.000Z' }).then([revoked]);
      const state = [created, issued, revoked].reduce(accountDecider.evolve, accountDecider.initialState());
      expect(state).toMatchObject({ calendarFeeds: { f1: { secretHash: 'hash-of-secret', revokedAt: '2026-06-02T08:00:00.000Z' } } });
    });

    it('refuses to revoke a feed it never issued, or one already revoked, saying which', () => {
      spec
        .given([created, issued])
        .when({ type: 'RevokeCalendarFeed', feedId: 'f9', now: 'y' })
        .thenThrows(NotFound, (e) => expect(e.message).toBe('calendar feed f9 was not found'));
      spec
        .given([created, issued, revoked])
        .when({ type: 'RevokeCalendarFeed', feedId: 'f1', now: 'y' })
        .thenThrows(RuleViolated, (e) => {
          expect(e.rule).toBe('calendar-feed-revoked');
          expect(e.message).toContain('2026-06-02T08:00:00.000Z');
        });
    });

    it('lets a deactivated account revoke a feed but not issue one', () => {
      const deactivated: AccountEvent = { type: 'AccountDeactivated', data: { accountId, deactivatedAt: '2026-06-03T00:00:00.000Z' } };
      spec
        .given([created, deactivated])
        .when(issue)
        .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('deactivated'));
      spec
        .given([created, issued, deactivated])
        .when({ type: 'RevokeCalendarFeed', feedId: 'f1', now: '2026-06-04T00:00:00.000Z' })
        .then([{ type: 'CalendarFeedRevoked', data: { accountId, feedId: 'f1', revokedAt: '2026-06-04T00:00:00.000Z' } }]);
    });

    it('refuses a feed for an account that does not exist', () => {
      spec.given([]).when(issue).thenThrows(NotFound);
    });
  });

  it('keeps the display name only under `personal`, the part the store encrypts for the account', () => {
    const [event] = accountDecider.decide(
      createAccountFromInput({ displayName: 'Dr Ana Silva', role: 'viewer' }, accountId, 'now'),
      accountDecider.initialState(),
    );
    const { personal, ...rest } = event.data as { personal: unknown };
    expect(personal).toEqual({ displayName: 'Dr Ana Silva' });
    expect(JSON.stringify(rest)).not.toContain('Silva');
  });

  it('erases a deactivated account once, keeping the account but not its name', () => {
    const deactivated: AccountEvent = { type: 'AccountDeactivated', data: { accountId, deactivatedAt: 'z' } };
    const erased: AccountEvent = { type: 'AccountErased', data: { accountId, erasedAt: 'z2' } };
    spec
      .given([created])
      .when({ type: 'EraseAccount', now: 'z2' })
      .thenThrows(RuleViolated, (e) => expect(e.rule).toBe('still-active'));
    spec.given([created, deactivated]).when({ type: 'EraseAccount', now: 'z2' }).then([erased]);
    spec.given([created, deactivated, erased]).when({ type: 'EraseAccount', now: 'z3' }).then([]);
    const state = [created, deactivated, erased].reduce(accountDecider.evolve, accountDecider.initialState());
    expect(state).toMatchObject({ status: 'deactivated', displayName: null, erased: true, role: 'researcher' });
  });

  it('reads an account whose key is gone as nameless', () => {
    const shredded: AccountEvent = { type: 'AccountCreated', data: { ...(created.data as object), personal: null } as never };
    expect(accountDecider.evolve(accountDecider.initialState(), shredded)).toMatchObject({ status: 'active', displayName: null });
  });

  it('answers who could see what on a past date', () => {
    const history: AccountEvent[] = [
      created,
      { type: 'StudyMembershipGranted', data: { accountId, studyId: 's1', grantedAt: '2026-02-01T00:00:00.000Z' } },
      { type: 'AccountRoleChanged', data: { accountId, role: 'viewer', changedAt: '2026-03-01T00:00:00.000Z' } },
      { type: 'StudyMembershipRevoked', data: { accountId, studyId: 's1', revokedAt: '2026-04-01T00:00:00.000Z' } },
    ];
    expect(accessAt(history, '2026-01-01T00:00:00.000Z')).toEqual({ active: false, studyIds: [] });
    expect(accessAt(history, '2026-02-15T00:00:00.000Z')).toEqual({ active: true, role: 'researcher', studyIds: ['s1'] });
    expect(accessAt(history, '2026-03-15T00:00:00.000Z')).toEqual({ active: true, role: 'viewer', studyIds: ['s1'] });
    expect(accessAt(history, '2026-05-01T00:00:00.000Z')).toEqual({ active: true, role: 'viewer', studyIds: [] });
  });
});
