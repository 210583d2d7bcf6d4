import { registerDetailExtension } from '../../engine/detailExtensions';
import { registerActionForm } from '../automation/actionForms';
import { CustomerValueCard } from './CustomerValueCard';
import { IssueCouponForm } from './IssueCouponForm';

/** Customers show their value tier and churn risk; rules may issue coupons. */
registerDetailExtension({ key: 'customer-value-score', objects: ['customers'], placement: 'side', Panel: CustomerValueCard });
registerActionForm('issue_coupon', IssueCouponForm, { kind: 'percent', percent: 10, validDays: 30 });
