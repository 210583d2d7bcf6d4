import { registerDetailExtension } from '../../engine/detailExtensions';
import { QuoteActions } from './QuoteActions';
import { LineItems } from './QuoteLines';

/** Quotes get the line grid and their action buttons; orders show their (copied) lines and amounts. */
registerDetailExtension({ key: 'quote-actions', objects: ['quotes'], placement: 'actions', Panel: QuoteActions });
registerDetailExtension({ key: 'line-items', objects: ['quotes', 'orders'], placement: 'main', Panel: LineItems });
