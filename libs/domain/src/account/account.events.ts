// Staff accounts and what they may do. Every change of role, membership or token is an event
// with its time in the data, so the record can say who could see or change what on any date.
//
// Staff are data subjects too: a staff member's name sits only in `personal`, which the store
// encrypts with a key of the account's own (the subject is `accountId`). Once that key is
// destroyed the account reads back with `personal: null`; its id, role and history stay.
export const ACCOUNT_ROLES = ['admin', 'researcher', 'viewer'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export interface AccountPersonal {
  displayName: string;
}

export interface AccountCreated {
  type: 'AccountCreated';
  data: {
    accountId: string;
    role: AccountRole;
    createdAt: string;
    /** null once the account's key is destroyed. */
    personal: AccountPersonal | null;
  };
}

export interface AccountRoleChanged {
  type: 'AccountRoleChanged';
  data: { accountId: string; role: AccountRole; changedAt: string };
}

export interface StudyMembershipGranted {
  type: 'StudyMembershipGranted';
  data: { accountId: string; studyId: string; grantedAt: string };
}

export interface StudyMembershipRevoked {
  type: 'StudyMembershipRevoked';
  data: { accountId: string; studyId: string; revokedAt: string };
}

export interface AccessTokenIssued {
  type: 'AccessTokenIssued';
  /** Only a hash of the token is ever stored; the token itself is shown once, when issued. */
  data: { accountId: string; tokenId: string; tokenHash: string; label?: string; issuedAt: string };
}

export interface AccessTokenRevoked {
  type: 'AccessTokenRevoked';
  data: { accountId: string; tokenId: string; revokedAt: string };
}

export interface AccountDeactivated {
  type: 'AccountDeactivated';
  data: { accountId: string; reason?: string; deactivatedAt: string };
}

/**
 * A calendar feed the account subscribes to from a calendar app, which cannot send a bearer
 * token: its secret URL is shown once, and only a hash of its secret is kept.
 */
export interface CalendarFeedIssued {
  type: 'CalendarFeedIssued';
  data: { accountId: string; feedId: string; secretHash: string; issuedAt: string };
}

export interface CalendarFeedRevoked {
  type: 'CalendarFeedRevoked';
  data: { accountId: string; feedId: string; revokedAt: string };
}

/** The account's personal data was erased (its key destroyed); the account stays, nameless. */
export interface AccountErased {
  type: 'AccountErased';
  data: { accountId: string; erasedAt: string };
}

export type AccountEvent =
  | AccountCreated
  | AccountRoleChanged
  | StudyMembershipGranted
  | StudyMembershipRevoked
  | AccessTokenIssued
  | AccessTokenRevoked
  | AccountDeactivated
  | AccountErased
  | CalendarFeedIssued
  | CalendarFeedRevoked;

export const accountStreamName = (accountId: string): string => `account-${accountId}`;
