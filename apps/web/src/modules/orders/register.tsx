import { registerDetailExtension } from '../../engine/detailExtensions';
import { OrderActions } from './OrderActions';
import { CustomerValuePanel, DealValuePanel } from './ValuePanels';

registerDetailExtension({ key: 'order-actions', objects: ['orders'], placement: 'actions', Panel: OrderActions });
registerDetailExtension({ key: 'customer-value', objects: ['customers'], placement: 'side', Panel: CustomerValuePanel });
registerDetailExtension({ key: 'deal-value', objects: ['deals'], placement: 'side', Panel: DealValuePanel });
