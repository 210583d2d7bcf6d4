import { registerDetailExtension } from '../../engine/detailExtensions';
import { registerUrlListFilter } from '../../engine/list/urlListFilters';
import { CampaignFiguresPanel } from './campaigns/CampaignFiguresPanel';
import { CampaignFigureTag } from './campaigns/figureLinks';
import { SendReportPanel } from './email/SendReportPanel';
import { TemplateEditorPanel } from './email/TemplateEditor';
import { SegmentMembers } from './SegmentMembers';
import './marketing.css';

/** Segments show their live count, a link to their members' list and, for static ones, the list itself. */
registerDetailExtension({ key: 'segment-members', objects: ['segments'], placement: 'side', Panel: SegmentMembers });
registerDetailExtension({ key: 'campaign-figures', objects: ['campaigns'], placement: 'side', Panel: CampaignFiguresPanel });
/** E-mail: a template's HTML editor with live preview and test send; a send's start/cancel and report. */
registerDetailExtension({ key: 'template-editor', objects: ['marketing_templates'], placement: 'main', Panel: TemplateEditorPanel });
registerDetailExtension({ key: 'send-report', objects: ['marketing_sends'], placement: 'main', Panel: SendReportPanel });
// The campaign report's figures open their records with ?campaign=<figure>:<campaign id | type:…>.
registerUrlListFilter({ name: 'campaign', Tag: CampaignFigureTag });
