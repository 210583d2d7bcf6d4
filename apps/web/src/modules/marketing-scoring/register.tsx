import { registerDetailExtension } from '../../engine/detailExtensions';
import { registerDefaultColumns } from '../../engine/list/defaults';
import { ScoreCard } from './ScoreCard';

/** Leads and contacts show their score and what makes it up, and lists show the score column. */
registerDetailExtension({ key: 'lead-score', objects: ['leads', 'contacts'], placement: 'side', Panel: ScoreCard });
for (const object of ['leads', 'contacts']) registerDefaultColumns(object, ['score']);
