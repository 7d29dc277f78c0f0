import { assertNever } from '../shared/assert-never.js';
import type { Decider } from '../shared/decider.js';
import { NotFound, RuleViolated } from '../shared/domain-error.js';
import type { AccountCommand } from './account.commands.js';
import type { AccountEvent, AccountRole } from './account.events.js';

export type AccountState =
  | { status: 'none' }
  | {
      status: 'active' | 'deactivated';
      accountId: string;
      /** null once the account's personal data is erased. */
      displayName: string | null;
      erased: boolean;
      role: AccountRole;
      studyIds: string[];
      /** Token id → hash, for tokens not revoked. */
      tokens: Record<string, string>;
      revokedTokenIds: string[];
      /** Every calendar feed issued, by id: the hash of its secret, and when it was revoked. */
      calendarFeeds: Record<string, CalendarFeed>;
    };

export interface CalendarFeed {
  secretHash: string;
  issuedAt: string;
  revokedAt?: string;
}

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = {
  initialState: () => ({ status: 'none' }),

  decide(command, state) {
    if (command.type === 'CreateAccount') {
      if (state.status !== 'none') throw new RuleViolated('already-created', `Account ${state.accountId} already exists`);
      const created: AccountEvent = {
        type: 'AccountCreated',
        data: { accountId: command.accountId, role: command.role, createdAt: command.now, personal: { displayName: command.displayName } },
      };
      if (!command.firstToken) return [created];
      return [
        created,
        {
          type: 'AccessTokenIssued',
          data: { accountId: command.accountId, ...command.firstToken, label: 'first token', issuedAt: command.now },
        },
      ];
    }
    if (state.status === 'none') throw new NotFound('account', 'with that id');
    const { accountId } = state;
    if (state.status === 'deactivated') {
      // Revoking what a deactivated account held is still allowed: it only takes access away.
      // Erasure too: it is the staff member's right once they no longer work here.
      const allowed: AccountCommand['type'][] = [
        'RevokeToken',
        'RevokeCalendarFeed',
        'RevokeStudyMembership',
        'DeactivateAccount',
        'EraseAccount',
      ];
      if (!allowed.includes(command.type)) {
        throw new RuleViolated('deactivated', `Account ${accountId} is deactivated`);
      }
    }
    switch (command.type) {
      case 'ChangeRole':
        if (command.role === state.role) return [];
        return [{ type: 'AccountRoleChanged', data: { accountId, role: command.role, changedAt: command.now } }];
      case 'GrantStudyMembership':
        if (state.studyIds.includes(command.studyId)) return [];
        return [{ type: 'StudyMembershipGranted', data: { accountId, studyId: command.studyId, grantedAt: command.now } }];
      case 'RevokeStudyMembership':
        if (!state.studyIds.includes(command.studyId)) return [];
        return [{ type: 'StudyMembershipRevoked', data: { accountId, studyId: command.studyId, revokedAt: command.now } }];
      case 'IssueToken':
        if (command.tokenId in state.tokens || state.revokedTokenIds.includes(command.tokenId)) {
          throw new RuleViolated('token-exists', `Token ${command.tokenId} was issued before`);
        }
        return [
          {
            type: 'AccessTokenIssued',
            data: {
              accountId,
              tokenId: command.tokenId,
              tokenHash: command.tokenHash,
              ...(command.label ? { label: command.label } : {}),
              issuedAt: command.now,
            },
          },
        ];
      case 'RevokeToken':
        if (state.revokedTokenIds.includes(command.tokenId)) return [];
        if (!(command.tokenId in state.tokens)) throw new NotFound('token', command.tokenId);
        return [{ type: 'AccessTokenRevoked', data: { accountId, tokenId: command.tokenId, revokedAt: command.now } }];
      case 'IssueCalendarFeed':
        if (command.feedId in state.calendarFeeds) {
          throw new RuleViolated('calendar-feed-exists', `Calendar feed ${command.feedId} was issued before`);
        }
        return [
          {
            type: 'CalendarFeedIssued',
            data: { accountId, feedId: command.feedId, secretHash: command.secretHash, issuedAt: command.now },
          },
        ];
      case 'RevokeCalendarFeed': {
        const feed = state.calendarFeeds[command.feedId] as CalendarFeed | undefined;
        if (!feed) throw new NotFound('calendar feed', command.feedId);
        // Unlike a token's, a feed's revocation is refused when repeated: it has a day of its own to keep.
        if (feed.revokedAt !== undefined) {
          throw new RuleViolated('calendar-feed-revoked', `Calendar feed ${command.feedId} was revoked on ${feed.revokedAt}`);
        }
        return [{ type: 'CalendarFeedRevoked', data: { accountId, feedId: command.feedId, revokedAt: command.now } }];
      }
      case 'DeactivateAccount':
        if (state.status === 'deactivated') return [];
        return [
          {
            type: 'AccountDeactivated',
            data: { accountId, ...(command.reason ? { reason: command.reason } : {}), deactivatedAt: command.now },
          },
        ];
      case 'EraseAccount':
        // A name someone still signs in under would be missed at once; deactivate first.
        if (state.status === 'active')
          throw new RuleViolated('still-active', `Account ${accountId} is active; deactivate it before erasing it`);
        if (state.erased) return [];
        return [{ type: 'AccountErased', data: { accountId, erasedAt: command.now } }];
      default:
        return assertNever(command);
    }
  },

  evolve(state, event) {
    if (event.type === 'AccountCreated') {
      return {
        status: 'active',
        accountId: event.data.accountId,
        displayName: event.data.personal?.displayName ?? null,
        erased: false,
        role: event.data.role,
        studyIds: [],
        tokens: {},
        revokedTokenIds: [],
        calendarFeeds: {},
      };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'AccountRoleChanged':
        return { ...state, role: event.data.role };
      case 'StudyMembershipGranted':
        return { ...state, studyIds: [...state.studyIds, event.data.studyId] };
      case 'StudyMembershipRevoked':
        return { ...state, studyIds: state.studyIds.filter((id) => id !== event.data.studyId) };
      case 'AccessTokenIssued':
        return { ...state, tokens: { ...state.tokens, [event.data.tokenId]: event.data.tokenHash } };
      case 'AccessTokenRevoked': {
        const { [event.data.tokenId]: _revoked, ...tokens } = state.tokens;
        return { ...state, tokens, revokedTokenIds: [...state.revokedTokenIds, event.data.tokenId] };
      }
      case 'CalendarFeedIssued': {
        const { feedId, secretHash, issuedAt } = event.data;
        return { ...state, calendarFeeds: { ...state.calendarFeeds, [feedId]: { secretHash, issuedAt } } };
      }
      case 'CalendarFeedRevoked': {
        const feed = state.calendarFeeds[event.data.feedId] as CalendarFeed | undefined;
        if (!feed) return state;
        return { ...state, calendarFeeds: { ...state.calendarFeeds, [event.data.feedId]: { ...feed, revokedAt: event.data.revokedAt } } };
      }
      case 'AccountDeactivated':
        return { ...state, status: 'deactivated', tokens: {} };
      case 'AccountErased':
        return { ...state, displayName: null, erased: true };
      default:
        return assertNever(event);
    }
  },
};

export interface AccessAt {
  active: boolean;
  role?: AccountRole;
  studyIds: string[];
}

const eventTime = (event: AccountEvent): string => {
  const { data } = event as { data: Record<string, string> };
  return data.createdAt ?? data.changedAt ?? data.grantedAt ?? data.revokedAt ?? data.issuedAt ?? data.deactivatedAt ?? data.erasedAt;
};

/** What an account could do at `at` (an ISO instant), from its events: for audits of the past. */
export function accessAt(events: AccountEvent[], at: string): AccessAt {
  const state = events.filter((event) => eventTime(event) <= at).reduce(accountDecider.evolve, accountDecider.initialState());
  if (state.status === 'none') return { active: false, studyIds: [] };
  return { active: state.status === 'active', role: state.role, studyIds: state.studyIds };
}
