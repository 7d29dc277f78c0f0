import { type RegistrationsOf, firstVersion } from '../shared/event-registration.js';
import type { AccountEvent, AccountRole } from './account.events.js';

/** v1 kept the staff member's name beside the account's other facts, in plain text. */
interface AccountCreatedV1 {
  accountId: string;
  displayName: string;
  role: AccountRole;
  createdAt: string;
}

export const accountEventRegistrations: RegistrationsOf<AccountEvent> = {
  AccountCreated: {
    current: 'AccountCreated.v2',
    readers: {
      'AccountCreated.v1': (data) => {
        const { displayName, ...rest } = data as AccountCreatedV1;
        return { ...rest, personal: { displayName } };
      },
      'AccountCreated.v2': (data) => data,
    },
  },
  AccountRoleChanged: firstVersion('AccountRoleChanged'),
  StudyMembershipGranted: firstVersion('StudyMembershipGranted'),
  StudyMembershipRevoked: firstVersion('StudyMembershipRevoked'),
  AccessTokenIssued: firstVersion('AccessTokenIssued'),
  AccessTokenRevoked: firstVersion('AccessTokenRevoked'),
  AccountDeactivated: firstVersion('AccountDeactivated'),
  AccountErased: firstVersion('AccountErased'),
  CalendarFeedIssued: firstVersion('CalendarFeedIssued'),
  CalendarFeedRevoked: firstVersion('CalendarFeedRevoked'),
};
