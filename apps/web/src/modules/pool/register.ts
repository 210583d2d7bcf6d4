import { registerDetailExtension } from '../../engine/detailExtensions';
import { ReleaseButton } from './ReleaseButton';

registerDetailExtension({ key: 'pool-release', objects: ['customers', 'leads'], placement: 'actions', Panel: ReleaseButton });
