import { jsonBody } from '../../http/openapi-parts.js';
import { companySettingsInput } from './company-settings.js';

const ok = (description: string, status = 200) => ({ [status]: { description } });
const errors = { 400: { description: 'Invalid input; details name the field' }, 404: { description: 'Not found or not visible to you' } };
const conflict = { 409: { description: 'Not allowed in the record’s state; details name the field (status, quote_id)' } };

/** The quote, order and customer-value routes beyond the generic record API, in the OpenAPI document. */
export const SALES_ORDER_PATHS: Record<string, unknown> = {
  '/api/v1/quotes/{id}/revise': { post: { tags: ['quotes'], summary: 'New draft version with the same number and copied lines; the old version becomes read-only', responses: { ...ok('{data: new quote}', 201), ...errors, ...conflict } } },
  '/api/v1/quotes/{id}/order': {
    post: { tags: ['quotes'], summary: '生成订单: order from the latest accepted quote (lines, totals, {signed_on, delivery_date, delivery_terms, payment_terms, instalments, first_due_on})', responses: { ...ok('{data: order}', 201), ...errors, ...conflict } },
  },
  '/api/v1/quotes/{id}/pdf': { get: { tags: ['quotes'], summary: 'The quote as a PDF (Chinese text, company name and logo)', responses: { ...ok('application/pdf'), ...errors, 503: { description: 'No CJK font installed (install fonts-wqy-zenhei)' } } } },
  '/api/v1/orders/{id}/instalments': { post: { tags: ['orders'], summary: 'Payment plan of N instalments {count, firstDueOn, everyMonths}', responses: { ...ok('{data: payment plans}', 201), ...errors, ...conflict } } },
  '/api/v1/customers/{id}/value': { get: { tags: ['customers'], summary: 'Customer value: lifetime revenue, last purchase, open deals, outstanding (within your scope)', responses: { ...ok('{data}'), ...errors } } },
  '/api/v1/deals/{id}/value': { get: { tags: ['deals'], summary: 'Received and outstanding money on the deal’s orders', responses: { ...ok('{data}'), ...errors } } },
  '/api/v1/company-settings': {
    get: { tags: ['settings'], summary: 'Company name, address, phone, logo presence (printed on quote PDFs)', responses: ok('{data}') },
    put: { tags: ['settings'], summary: 'Save company settings (administrators); logoUrl is fetched once', requestBody: jsonBody(companySettingsInput), responses: { ...ok('{data}'), ...errors, 403: { description: 'Administrators only' } } },
  },
  '/api/v1/company-settings/logo': {
    get: { tags: ['settings'], summary: 'The logo image', responses: { ...ok('image/png or image/jpeg'), 404: { description: 'No logo' } } },
    put: { tags: ['settings'], summary: 'Upload the logo as the raw body (image/png or image/jpeg, ≤ 1 MB; administrators)', requestBody: { required: true, content: { 'image/png': { schema: { type: 'string', format: 'binary' } }, 'image/jpeg': { schema: { type: 'string', format: 'binary' } } } }, responses: { ...ok('{data}'), ...errors } },
  },
};
