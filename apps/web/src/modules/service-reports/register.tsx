import { registerUrlListFilter } from '../../engine/list/urlListFilters';
import { registerReportSection } from '../sales-reports/reportSections';
import { SlaTag } from './links';
import { WeeklyServiceSection } from './WeeklyServiceSection';

registerReportSection('service', WeeklyServiceSection);
// The dashboard's SLA figures open their tickets with ?sla=fr_met|fr_breached|res_met|res_breached.
registerUrlListFilter({ name: 'sla', Tag: SlaTag });
