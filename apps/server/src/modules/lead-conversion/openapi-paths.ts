import { dataResponse, failures, jsonBody, listOf, objectOf, uuidParam } from '../../http/openapi-parts.js';
import { conversionInput } from './convert-lead.js';

const tags = ['leads'];

/** Lead conversion: the dialog's defaults and suggestions, and the conversion itself. */
export const CONVERSION_PATHS: Record<string, unknown> = {
  '/api/v1/leads/{id}/conversion': {
    get: {
      tags,
      summary: 'What converting the lead would create: values taken from it and existing customers it likely is',
      parameters: [uuidParam()],
      responses: { 200: dataResponse('Lead, defaults {customer, contact} and suggestions', objectOf({ lead: { type: 'object' }, defaults: objectOf({ customer: { type: 'object' }, contact: { type: 'object' } }), suggestions: listOf({ type: 'object' }) })), ...failures },
    },
  },
  '/api/v1/leads/{id}/convert': {
    post: {
      tags,
      summary: 'Convert a lead into a customer (new or existing) and a contact, optionally a deal, in one transaction',
      parameters: [uuidParam()],
      requestBody: jsonBody(conversionInput),
      responses: { 200: dataResponse('The records created or linked', objectOf({ customer: { type: 'object' }, contact: { type: 'object' }, deal: { type: ['object', 'null'] }, lead: { type: 'object' } })), ...failures, 409: { description: 'Already converted' } },
    },
  },
};
