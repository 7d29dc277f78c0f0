import type { AccountRole } from '@casebook/domain';

/** Who is making a request, resolved from its bearer token. */
export interface Principal {
  accountId: string;
  role: AccountRole;
  /** Studies the account is a member of; administrators see every study regardless. */
  studyIds: string[];
}

/** The account that acts for ADMIN_TOKEN, so its writes are attributed like any other. */
export const BOOTSTRAP_ADMIN_ID = '00000000-0000-4000-8000-00000000a001';

const RANK: Record<AccountRole, number> = { viewer: 0, researcher: 1, admin: 2 };

export const hasRole = (principal: Principal, needed: AccountRole): boolean => RANK[principal.role] >= RANK[needed];
