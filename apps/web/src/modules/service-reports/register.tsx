import { registerReportSection } from '../sales-reports/reportSections';
import { WeeklyServiceSection } from './WeeklyServiceSection';

registerReportSection('service', WeeklyServiceSection);
