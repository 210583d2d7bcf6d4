import { registerDetailExtension } from '../../engine/detailExtensions';
import { InterestsCard } from './InterestsCard';

/** Leads and contacts show what they looked at on the company's website. */
registerDetailExtension({ key: 'tracking-interests', objects: ['leads', 'contacts'], placement: 'side', Panel: InterestsCard });
