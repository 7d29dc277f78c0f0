// Every view a study can be exported as. Another view is one declaration (`defineExportView`
// in views/) added to this list: the routes, formats, levels, codebook and import scripts
// follow from its columns.
import { casesView } from './views/cases.view.js';
import { contactsView } from './views/contacts.view.js';
import { dashboardView } from './views/dashboard.view.js';
import { interviewsView } from './views/interviews.view.js';
import { milestonesView } from './views/milestones.view.js';
import { wavesView } from './views/waves.view.js';
import type { ExportView } from './export-view.js';

export const EXPORT_VIEWS: readonly ExportView[] = [milestonesView, casesView, wavesView, interviewsView, contactsView, dashboardView];

export const EXPORT_VIEW_NAMES = EXPORT_VIEWS.map((view) => view.name);
