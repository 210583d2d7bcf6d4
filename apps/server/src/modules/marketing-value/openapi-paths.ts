import { dataResponse, failures, jsonBody, objectOf, queryParams, uuidParam } from '../../http/openapi-parts.js';
import { redeemInput, summaryQuery } from './routes.js';

const tags = ['customer-value'];
const adminOnly = 'Administrators only.';

/** Customer value and coupon routes beyond CRUD (coupons themselves are an engine object). */
export const MARKETING_VALUE_PATHS: Record<string, unknown> = {
  '/api/v1/customer-value/customers/{id}': {
    get: { tags, summary: 'A customer’s value card: tier, RFM scores, lifetime and predicted value, churn risk with the numbers behind each reason (fields you may read)', parameters: [uuidParam()], responses: { 200: dataResponse('The card'), ...failures } },
  },
  '/api/v1/customer-value/summary': {
    get: { tags, summary: 'Customers you may read by value tier and by churn risk level, and the customers most at risk', parameters: queryParams(summaryQuery), responses: { 200: dataResponse('{byTier, byRisk, atRisk, atRiskTotal}'), ...failures } },
  },
  '/api/v1/customer-value/recompute': {
    post: { tags, summary: `Recompute every customer’s value and churn risk now (it also runs nightly and after order/payment changes). ${adminOnly}`, responses: { 200: dataResponse('{customers, changed, statusChanged, method}'), ...failures } },
  },
  '/api/v1/customer-value/model': {
    get: { tags, summary: `The latest churn model training: samples, held-out AUC of the model and of the rules, whether the model is used. ${adminOnly}`, responses: { 200: dataResponse('The latest training or null'), ...failures } },
  },
  '/api/v1/customer-value/model/train': {
    post: { tags, summary: `Train the churn model on customers with a known outcome (流失 vs 成交/重要), compare with the rules on a held-out 30 %, then recompute. ${adminOnly}`, responses: { 200: dataResponse('The training result'), ...failures } },
  },
  '/api/v1/coupons/redeem': {
    post: {
      tags: ['coupons'],
      summary: 'Redeem a coupon by its code on an order you may change: 409 if already redeemed, 422 if expired, not yet valid or issued to another customer',
      requestBody: jsonBody(redeemInput),
      responses: { 200: dataResponse('The redeemed coupon', objectOf({ id: { type: 'string' }, code: { type: 'string' }, status: { type: 'string' } })), ...failures, 409: { description: 'Already redeemed' }, 422: { description: 'Expired, not yet valid, or issued to another customer' } },
    },
  },
};
