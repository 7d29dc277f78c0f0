import { InputReader } from '../shared/input-reader.js';
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
  | { type: 'DeactivateAccount'; reason?: string; now: string }
  /** The store's key for the account is destroyed by the caller; this records that it was. */
  | { type: 'EraseAccount'; now: string };

export function createAccountFromInput(
  input: unknown,
  accountId: string,
  now: string,
  firstToken?: { tokenId: string; tokenHash: string },
): Extract<AccountCommand, { type: 'CreateAccount' }> {
  const body = new InputReader(input);
  body.rejectUnknown(['displayName', 'role']);
  const command = {
    type: 'CreateAccount' as const,
    accountId,
    displayName: body.requiredText('displayName', { maxLength: 200 }),
    role: body.requiredOneOf('role', ACCOUNT_ROLES),
    ...(firstToken ? { firstToken } : {}),
    now,
  };
  body.throwIfInvalid();
  return command;
}

export function changeRoleFromInput(input: unknown, now: string): Extract<AccountCommand, { type: 'ChangeRole' }> {
  const body = new InputReader(input);
  body.rejectUnknown(['role']);
  const role = body.requiredOneOf('role', ACCOUNT_ROLES);
  body.throwIfInvalid();
  return { type: 'ChangeRole', role, now };
}

export function issueTokenFromInput(
  input: unknown,
  token: { tokenId: string; tokenHash: string },
  now: string,
): Extract<AccountCommand, { type: 'IssueToken' }> {
  const body = new InputReader(input ?? {});
  body.rejectUnknown(['label']);
  const label = body.optionalText('label', { maxLength: 100 });
  body.throwIfInvalid();
  return { type: 'IssueToken', ...token, ...(label ? { label } : {}), now };
}

export function deactivateAccountFromInput(input: unknown, now: string): Extract<AccountCommand, { type: 'DeactivateAccount' }> {
  const body = new InputReader(input ?? {});
  body.rejectUnknown(['reason']);
  const reason = body.optionalText('reason', { maxLength: 1000 });
  body.throwIfInvalid();
  return { type: 'DeactivateAccount', ...(reason ? { reason } : {}), now };
}
