import { registerDetailExtension } from '../../engine/detailExtensions';
import { ConvertLeadButton } from './ConvertLeadButton';

/** A lead's detail page gets the 转化 button. */
registerDetailExtension({ key: 'convert-lead', objects: ['leads'], placement: 'actions', Panel: ConvertLeadButton });
