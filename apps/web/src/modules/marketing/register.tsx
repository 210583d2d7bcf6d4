import { registerDetailExtension } from '../../engine/detailExtensions';
import { CampaignFiguresPanel } from './campaigns/CampaignFiguresPanel';
import { SegmentMembers } from './SegmentMembers';
import './marketing.css';

/** Segments show their live count, a link to their members' list and, for static ones, the list itself. */
registerDetailExtension({ key: 'segment-members', objects: ['segments'], placement: 'side', Panel: SegmentMembers });
registerDetailExtension({ key: 'campaign-figures', objects: ['campaigns'], placement: 'side', Panel: CampaignFiguresPanel });
