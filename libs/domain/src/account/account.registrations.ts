import { type RegistrationsOf, firstVersion } from '../shared/event-registration.js';
import type { AccountEvent } from './account.events.js';

export const accountEventRegistrations: RegistrationsOf<AccountEvent> = {
  AccountCreated: firstVersion('AccountCreated'),
  AccountRoleChanged: firstVersion('AccountRoleChanged'),
  StudyMembershipGranted: firstVersion('StudyMembershipGranted'),
  StudyMembershipRevoked: firstVersion('StudyMembershipRevoked'),
  AccessTokenIssued: firstVersion('AccessTokenIssued'),
  AccessTokenRevoked: firstVersion('AccessTokenRevoked'),
  AccountDeactivated: firstVersion('AccountDeactivated'),
};
