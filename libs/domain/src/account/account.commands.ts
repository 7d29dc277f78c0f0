// Commands about staff accounts, and the schema of each request body that gives one.
import { object, oneOf, optional, text } from '../shared/body-fields.js';
import { readBody } from '../shared/read-body.js';
import { ACCOUNT_ROLES, type AccountRole } from './account.events.js';

export type AccountCommand =
  | {
      type: 'CreateAccount';
      accountId: string;
      displayName: string;
      role: AccountRole;
      /** Issued with the account, so that no account exists that nobody can sign in to. */
      firstToken?: { tokenId: string; tokenHash: string };
      now: string;
    }
  | { type: 'ChangeRole'; role: AccountRole; now: string }
  | { type: 'GrantStudyMembership'; studyId: string; now: string }
  | { type: 'RevokeStudyMembership'; studyId: string; now: string }
  | { type: 'IssueToken'; tokenId: string; tokenHash: string; label?: string; now: string }
  | { type: 'RevokeToken'; tokenId: string; now: string }
  | { type: 'IssueCalendarFeed'; feedId: string; secretHash: string; now: string }
  | { type: 'RevokeCalendarFeed'; feedId: string; now: string }
  | { type: 'DeactivateAccount'; reason?: string; now: string }
  /** The store's key for the account is destroyed by the caller; this records that it was. */
  | { type: 'EraseAccount'; now: string };

const role = oneOf(ACCOUNT_ROLES, {
  description: 'admin: accounts and erasure; researcher: records in their studies; viewer: reads their studies',
});

export const CreateAccountBody = object({
  displayName: text(200, {
    description: "The staff member's name. Personal data: stored encrypted with a key of the account, erased on request",
  }),
  role,
}).meta({
  id: 'CreateAccountBody',
  description: 'A staff account: the name it is shown by and its role',
  examples: { researcher: { summary: 'A researcher of the team', value: { displayName: 'Dr Ana Silva', role: 'researcher' } } },
});

export function createAccountFromInput(
  input: unknown,
  accountId: string,
  now: string,
  firstToken?: { tokenId: string; tokenHash: string },
): Extract<AccountCommand, { type: 'CreateAccount' }> {
  return { type: 'CreateAccount', accountId, ...readBody(CreateAccountBody, input, now), ...(firstToken ? { firstToken } : {}), now };
}

export const ChangeRoleBody = object({ role }).meta({
  id: 'ChangeRoleBody',
  description: "The account's new role",
  examples: { viewer: { summary: 'Reads only, from now on', value: { role: 'viewer' } } },
});

export function changeRoleFromInput(input: unknown, now: string): Extract<AccountCommand, { type: 'ChangeRole' }> {
  return { type: 'ChangeRole', ...readBody(ChangeRoleBody, input, now), now };
}

export const IssueTokenBody = object({ label: optional(text(100, { description: 'A name to tell tokens apart' })) }).meta({
  id: 'IssueTokenBody',
  description: 'Another token for the account; the body may be left out',
  examples: { laptop: { summary: 'A token for a laptop', value: { label: 'laptop' } } },
});

export function issueTokenFromInput(
  input: unknown,
  token: { tokenId: string; tokenHash: string },
  now: string,
): Extract<AccountCommand, { type: 'IssueToken' }> {
  const { label } = readBody(IssueTokenBody, input ?? {}, now);
  return { type: 'IssueToken', ...token, ...(label ? { label } : {}), now };
}

export const DeactivateAccountBody = object({ reason: optional(text(1000)) }).meta({
  id: 'DeactivateAccountBody',
  description: 'Why the account is deactivated; the body may be left out',
  examples: { left: { summary: 'The staff member left', value: { reason: 'Left the project' } } },
});

export function deactivateAccountFromInput(input: unknown, now: string): Extract<AccountCommand, { type: 'DeactivateAccount' }> {
  const { reason } = readBody(DeactivateAccountBody, input ?? {}, now);
  return { type: 'DeactivateAccount', ...(reason ? { reason } : {}), now };
}
