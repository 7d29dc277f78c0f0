// Staff accounts and what they may do. Every change of role, membership or token is an event
// with its time in the data, so the record can say who could see or change what on any date.
export const ACCOUNT_ROLES = ['admin', 'researcher', 'viewer'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

export interface AccountCreated {
  type: 'AccountCreated';
  data: { accountId: string; displayName: string; role: AccountRole; createdAt: string };
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

export type AccountEvent =
  | AccountCreated
  | AccountRoleChanged
  | StudyMembershipGranted
  | StudyMembershipRevoked
  | AccessTokenIssued
  | AccessTokenRevoked
  | AccountDeactivated;

export const accountStreamName = (accountId: string): string => `account-${accountId}`;
