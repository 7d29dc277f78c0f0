import { type RegistrationsOf, firstVersion } from '../shared/event-registration.js';
import type { ExportEvent } from './export.events.js';

export const exportEventRegistrations: RegistrationsOf<ExportEvent> = {
  DataExported: firstVersion('DataExported'),
};
