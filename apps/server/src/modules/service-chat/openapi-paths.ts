import { dataResponse, failures, jsonBody, listOf, noContent, objectOf, pathParam, uuidParam } from '../../http/openapi-parts.js';
import { availabilityInput } from './agents/agent-routes.js';
import { agentMessageInput, endInput, leaveEmailInput, offlineInput, startInput, visitorMessageInput } from './sessions/lifecycle.js';
import { chatSettingsInput } from './settings/chat-settings.js';

const tags = ['chat'];
const token = pathParam('token');
const visitorHeader = { name: 'x-chat-visitor', in: 'header', required: true, schema: { type: 'string' }, description: 'The signed visitor token the chat issued' };
const file = { type: ['object', 'null'], properties: { id: { type: 'string' }, filename: { type: 'string' }, contentType: { type: 'string' }, size: { type: 'integer' } } };
const message = objectOf({ id: { type: 'string' }, author: { type: 'string', enum: ['visitor', 'agent', 'system'] }, agentName: { type: ['string', 'null'] }, text: { type: 'string' }, createdAt: { type: 'string', format: 'date-time' }, file });
const upload = { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } } } };
const fileBytes = { 200: { description: 'The file (pictures inline, others as a download)' }, ...failures };
const visitorSession = objectOf({ id: { type: 'string' }, status: { type: 'string', enum: ['waiting', 'active', 'ended', 'missed'] }, agentName: { type: ['string', 'null'] } });
const conversation = objectOf({ session: visitorSession, messages: listOf(message) });
const session = objectOf({
  id: { type: 'string' },
  status: { type: 'string' },
  visitorName: { type: ['string', 'null'] },
  visitorEmail: { type: ['string', 'null'] },
  pageUrl: { type: ['string', 'null'] },
  contactId: { type: ['string', 'null'] },
  customerId: { type: ['string', 'null'] },
  agentId: { type: ['string', 'null'] },
  agentName: { type: ['string', 'null'] },
  ticketId: { type: ['string', 'null'] },
  ticketNumber: { type: ['string', 'null'] },
  startedAt: { type: 'string', format: 'date-time' },
  lastMessage: { type: ['string', 'null'] },
  groupId: { type: ['string', 'null'] },
  groupName: { type: ['string', 'null'] },
  topic: { type: ['string', 'null'] },
  visitorMessages: { type: 'integer' },
});
const settings = objectOf({ enabled: { type: 'boolean' }, defaultGroupId: { type: ['string', 'null'] }, topics: listOf({ type: 'object' }), missedAfterSeconds: { type: 'integer' }, allowedOrigins: listOf({ type: 'string' }), greetingZh: { type: 'string' }, greetingEn: { type: 'string' }, offlineZh: { type: 'string' }, offlineEn: { type: 'string' }, widgetUrl: { type: 'string' }, snippet: { type: 'string' } });
const sse = (summary: string, parameters: unknown[]) => ({ get: { tags, summary, parameters, responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } }, ...failures } } });
const pub = '/api/v1/public/chat/{token}';
const sessionIn = [token, uuidParam(), visitorHeader];

/** Live chat: the widget's public API (CORS for the allowed origins only), the agents' console and settings. */
export const CHAT_PATHS: Record<string, unknown> = {
  '/chat/{token}/widget.js': { get: { tags, summary: 'The chat widget script for one <script> tag on the company site (404 while chat is off)', parameters: [token], responses: { 200: { description: 'JavaScript' }, ...failures } } },
  [`${pub}/config`]: { get: { tags, summary: 'Greetings and whether an agent is online', parameters: [token], responses: { 200: dataResponse('Widget config'), ...failures } } },
  [`${pub}/sessions`]: { post: { tags, summary: 'First message: opens a waiting chat (or adds to the open one); issues a visitor token without x-chat-visitor; 409 when no agent is online; rate-limited per IP and visitor', parameters: [token], requestBody: jsonBody(startInput), responses: { 201: dataResponse('Visitor token and conversation', objectOf({ visitor: { type: 'string' }, session: visitorSession, messages: listOf(message) })), ...failures } } },
  [`${pub}/offline`]: { post: { tags, summary: 'No agent online: message and e-mail become a ticket (channel chat) for the matched or new contact', parameters: [token], requestBody: jsonBody(offlineInput), responses: { 201: dataResponse('Ticket', objectOf({ visitor: { type: 'string' }, ticketNumber: { type: 'string' } })), ...failures } } },
  [`${pub}/sessions/current`]: { get: { tags, summary: "The visitor's open chat with its messages, or null", parameters: [token, visitorHeader], responses: { 200: dataResponse('Conversation', conversation), ...failures } } },
  [`${pub}/sessions/{id}/messages`]: {
    get: { tags, summary: 'Messages after ?after= (polling fallback of the stream)', parameters: sessionIn, responses: { 200: dataResponse('Conversation', conversation), ...failures } },
    post: { tags, summary: 'A visitor message (plain text, markup dropped; 409 once ended)', parameters: sessionIn, requestBody: jsonBody(visitorMessageInput), responses: { 201: dataResponse('Message', message), ...failures } },
  },
  [`${pub}/sessions/{id}/email`]: { post: { tags, summary: 'The visitor leaves an e-mail: matched to a contact, or a contact created', parameters: sessionIn, requestBody: jsonBody(leaveEmailInput), responses: { 200: dataResponse('Session', visitorSession), ...failures } } },
  [`${pub}/sessions/{id}/end`]: { post: { tags, summary: 'The visitor leaves; a chat nobody took is missed (a ticket if an e-mail was left)', parameters: sessionIn, responses: { 200: dataResponse('Ended'), ...failures } } },
  [`${pub}/sessions/{id}/files`]: { post: { tags, summary: 'The visitor sends a file (one, ≤ CRM_CHAT_MAX_FILE_BYTES; pictures, PDF, Office, ZIP or text, judged by its bytes)', parameters: sessionIn, requestBody: upload, responses: { 201: dataResponse('Message', message), ...failures } } },
  [`${pub}/sessions/{id}/files/{fileId}`]: { get: { tags, summary: 'A file of the chat (?visitor= token, as an <img> sends no headers)', parameters: [token, uuidParam(), uuidParam('fileId'), { name: 'visitor', in: 'query', required: true, schema: { type: 'string' } }], responses: fileBytes } },
  [`${pub}/sessions/{id}/typing`]: { post: { tags, summary: 'The visitor is typing: passed to the agent, not stored (throttled)', parameters: sessionIn, responses: { ...noContent, ...failures } } },
  [`${pub}/sessions/{id}/events`]: sse('Server-Sent Events of the chat: message (event id = message id) and status; ?visitor= token, ?after= or Last-Event-ID resumes', [token, uuidParam(), { name: 'visitor', in: 'query', required: true, schema: { type: 'string' } }]),
  '/api/v1/chat/agent': {
    get: { tags, summary: 'Your chat availability', responses: { 200: dataResponse('Availability', objectOf({ online: { type: 'boolean' } })), ...failures } },
    put: { tags, summary: 'Go online or away (online counts while the console stream is open)', requestBody: jsonBody(availabilityInput), responses: { 200: dataResponse('Availability', objectOf({ online: { type: 'boolean' } })), ...failures } },
  },
  '/api/v1/chat/sessions': { get: { tags, summary: 'The queue (waiting chats, oldest first) and your active chats (everyone’s for managers)', responses: { 200: dataResponse('Chats', listOf(session)), ...failures } } },
  '/api/v1/chat/sessions/{id}': { get: { tags, summary: 'A chat with its messages', parameters: [uuidParam()], responses: { 200: dataResponse('Chat', session), ...failures } } },
  '/api/v1/chat/sessions/{id}/accept': { post: { tags, summary: 'Take a waiting chat (409 when another agent was first)', parameters: [uuidParam()], responses: { 200: dataResponse('Chat', session), ...failures } } },
  '/api/v1/chat/sessions/{id}/messages': { post: { tags, summary: 'Reply in your active chat', parameters: [uuidParam()], requestBody: jsonBody(agentMessageInput), responses: { 201: dataResponse('Message', message), ...failures } } },
  '/api/v1/chat/sessions/{id}/files': { post: { tags, summary: 'Send a file in your active chat', parameters: [uuidParam()], requestBody: upload, responses: { 201: dataResponse('Message', message), ...failures } } },
  '/api/v1/chat/sessions/{id}/files/{fileId}': { get: { tags, summary: 'A file of a chat you may see', parameters: [uuidParam(), uuidParam('fileId')], responses: fileBytes } },
  '/api/v1/chat/sessions/{id}/typing': { post: { tags, summary: 'You are typing in your active chat: shown to the visitor, not stored', parameters: [uuidParam()], responses: { ...noContent, ...failures } } },
  '/api/v1/chat/settings/token': { post: { tags, summary: 'A new widget token: the old snippet stops at once (admins, support managers)', responses: { 200: dataResponse('Settings', settings), ...failures } } },
  '/api/v1/chat/sessions/{id}/end': { post: { tags, summary: "End your chat: the transcript goes to the contact's timeline; optionally a ticket (channel chat)", parameters: [uuidParam()], requestBody: jsonBody(endInput), responses: { 200: dataResponse('Chat', session), ...failures } } },
  '/api/v1/chat/stream': sse('Server-Sent Events for the console: chat {sessionId, kind}, resync; keeps you counted as present', []),
  '/api/v1/chat/settings': {
    get: { tags, summary: 'Chat settings with the widget snippet (admins, support managers)', responses: { 200: dataResponse('Settings', settings), ...failures } },
    put: { tags, summary: 'Change the chat settings: switch, allowed origins, greetings', requestBody: jsonBody(chatSettingsInput), responses: { 200: dataResponse('Settings', settings), ...failures } },
  },
};
