import { dataResponse, failures, jsonBody, listOf, objectOf, uuidParam } from '../../http/openapi-parts.js';
import { addMessageInput } from './messages/add-message.js';
import { mergeInput, splitInput } from './merge/merge-split.js';
import { cannedReplyInput } from './settings/canned-replies.js';
import { awayInput, membersInput } from './groups/group-routes.js';
import { calendarInput, slaPolicyInput } from './sla/sla-routes.js';

const tags = ['tickets'];
const message = objectOf({
  id: { type: 'string' },
  kind: { type: 'string', enum: ['reply', 'note'] },
  direction: { type: 'string', enum: ['in', 'out'] },
  author: { type: 'object' },
  text: { type: 'string' },
  html: { type: ['string', 'null'] },
  attachments: listOf(objectOf({ id: { type: 'string' }, filename: { type: 'string' }, contentType: { type: 'string' }, size: { type: 'integer' } })),
  droppedAttachments: listOf({ type: 'object' }),
  createdAt: { type: 'string', format: 'date-time' },
});
const canned = objectOf({ id: { type: 'string' }, title: { type: 'string' }, body: { type: 'string' }, updatedAt: { type: 'string' } });
const policy = objectOf({ id: { type: 'string' }, name: { type: 'string' }, priorities: listOf({ type: 'string' }), customerStatuses: listOf({ type: 'string' }), categories: listOf({ type: 'string' }), firstResponseMinutes: { type: 'integer' }, resolutionMinutes: { type: 'integer' }, position: { type: 'integer' }, active: { type: 'boolean' } });
const calendar = objectOf({ timezone: { type: 'string' }, hours: { type: 'object' }, useChinaHolidays: { type: 'boolean' }, days: listOf(objectOf({ day: { type: 'string' }, working: { type: 'boolean' }, note: { type: ['string', 'null'] } })) });
const others = objectOf({ others: listOf(objectOf({ id: { type: 'string' }, name: { type: 'string' } })) });

/** Ticket conversation, presence and canned replies (modules/service). */
export const SERVICE_PATHS: Record<string, unknown> = {
  '/api/v1/tickets/{id}/merge': {
    post: { tags, summary: 'Merge the ticket into another: messages move to the target, the ticket is closed with a link note', parameters: [uuidParam()], requestBody: jsonBody(mergeInput), responses: { 200: dataResponse('Merged', objectOf({ id: { type: 'string' }, mergedInto: { type: 'string' }, movedMessages: { type: 'integer' } })), ...failures } },
  },
  '/api/v1/tickets/{id}/messages/{messageId}/split': {
    post: { tags, summary: 'Split a message off into a new ticket (same customer, contact, group)', parameters: [uuidParam(), uuidParam('messageId')], requestBody: jsonBody(splitInput), responses: { 201: dataResponse('New ticket', objectOf({ id: { type: 'string' }, number: { type: 'string' } })), ...failures } },
  },
  '/api/v1/tickets/{id}/messages': {
    get: { tags, summary: "The ticket's conversation: replies and internal notes, oldest first", parameters: [uuidParam()], responses: { 200: dataResponse('Messages', listOf(message)), ...failures } },
    post: {
      tags,
      summary: 'Add a public reply (e-mailed to the contact) or an internal note (@mentions notified); 409 when a newer message arrived than lastSeenMessageId',
      parameters: [uuidParam()],
      requestBody: jsonBody(addMessageInput),
      responses: { 201: dataResponse('The new message', objectOf({ id: { type: 'string' }, mailed: { type: 'boolean' } })), ...failures, 409: { description: 'A newer message arrived' } },
    },
  },
  '/api/v1/tickets/{id}/attachments/{attachmentId}': {
    get: { tags, summary: 'Download an attachment of the ticket', parameters: [uuidParam(), uuidParam('attachmentId')], responses: { 200: { description: 'The file', content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } } }, ...failures } },
  },
  '/api/v1/tickets/{id}/replying': {
    post: { tags, summary: 'Mark yourself as replying (30 s) and see who else is: the collision warning', parameters: [uuidParam()], responses: { 200: dataResponse('Other agents replying now', others), ...failures } },
    delete: { tags, summary: 'Stop replying', parameters: [uuidParam()], responses: { 200: dataResponse('Done', objectOf({ id: { type: 'string' } })), ...failures } },
  },
  '/api/v1/tickets/{id}/canned-replies/{replyId}': {
    get: { tags, summary: 'A canned reply with the ticket, contact, customer and agent variables filled in', parameters: [uuidParam(), uuidParam('replyId')], responses: { 200: dataResponse('Rendered text', objectOf({ title: { type: 'string' }, text: { type: 'string' } })), ...failures } },
  },
  '/api/v1/service/canned-replies': {
    get: { tags, summary: 'Canned replies (快捷回复)', responses: { 200: dataResponse('Canned replies', listOf(canned)), ...failures } },
    post: { tags, summary: 'Add a canned reply (support managers)', requestBody: jsonBody(cannedReplyInput), responses: { 201: dataResponse('Created', canned), ...failures } },
  },
  '/api/v1/service/canned-replies/{id}': {
    put: { tags, summary: 'Change a canned reply', parameters: [uuidParam()], requestBody: jsonBody(cannedReplyInput), responses: { 200: dataResponse('Changed', canned), ...failures } },
    delete: { tags, summary: 'Delete a canned reply', parameters: [uuidParam()], responses: { 200: dataResponse('Deleted', objectOf({ id: { type: 'string' } })), ...failures } },
  },
  '/api/v1/support_groups/{id}/members': {
    get: { tags, summary: "A support group's members and whether each is away", parameters: [uuidParam()], responses: { 200: dataResponse('Members', listOf(objectOf({ id: { type: 'string' }, name: { type: 'string' }, email: { type: 'string' }, away: { type: 'boolean' }, categories: listOf({ type: 'string' }) }))), ...failures } },
    put: { tags, summary: "Replace a support group's members (support managers)", parameters: [uuidParam()], requestBody: jsonBody(membersInput), responses: { 200: dataResponse('Members', objectOf({ id: { type: 'string' }, userIds: listOf({ type: 'string' }) })), ...failures } },
  },
  '/api/v1/service/away': {
    put: { tags, summary: 'Mark yourself away (no automatic assignment) or back', requestBody: jsonBody(awayInput), responses: { 200: dataResponse('Your state', objectOf({ away: { type: 'boolean' } })), ...failures } },
  },
  '/api/v1/service/sla-policies': {
    get: { tags, summary: 'SLA policies, first match wins (by position)', responses: { 200: dataResponse('Policies', listOf(policy)), ...failures } },
    post: { tags, summary: 'Add an SLA policy: targets in business minutes of the support calendar', requestBody: jsonBody(slaPolicyInput), responses: { 201: dataResponse('Created', policy), ...failures } },
  },
  '/api/v1/service/sla-policies/{id}': {
    put: { tags, summary: 'Change an SLA policy', parameters: [uuidParam()], requestBody: jsonBody(slaPolicyInput), responses: { 200: dataResponse('Changed', policy), ...failures } },
    delete: { tags, summary: 'Delete an SLA policy', parameters: [uuidParam()], responses: { 200: dataResponse('Deleted', objectOf({ id: { type: 'string' } })), ...failures } },
  },
  '/api/v1/service/calendar': {
    get: { tags, summary: "The support calendar: working hours per weekday, China's holidays and 调休 on or off, dated overrides", responses: { 200: dataResponse('Calendar', calendar), ...failures } },
    put: { tags, summary: 'Replace the support calendar', requestBody: jsonBody(calendarInput), responses: { 200: dataResponse('Calendar', calendar), ...failures } },
  },
};
