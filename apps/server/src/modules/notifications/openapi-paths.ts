/** The notifications module's routes in the OpenAPI document. */
const ok = (description: string) => ({ 200: { description } });
const body = (properties: Record<string, unknown>, required: string[] = []) => ({ required: true, content: { 'application/json': { schema: { type: 'object', properties, required } } } });
const param = (name: string, format?: string) => ({ name, in: 'path', required: true, schema: { type: 'string', ...(format ? { format } : {}) } });
const switches = { type: 'object', properties: { kind: { type: 'string' }, inApp: { type: 'boolean' }, email: { type: 'boolean' }, robot: { type: 'boolean' } } };
const robot = { type: ['object', 'null'], properties: { provider: { enum: ['wecom', 'dingtalk'] }, webhookUrl: { type: 'string' }, secret: { type: ['string', 'null'] } } };
const smtp = {
  host: { type: 'string' }, port: { type: 'integer' }, security: { enum: ['none', 'starttls', 'tls'] }, username: { type: ['string', 'null'] },
  password: { type: ['string', 'null'], description: 'write-only; omit to keep the saved one' }, fromName: { type: 'string' }, fromAddress: { type: 'string' }, appUrl: { type: ['string', 'null'] },
};
const template = { key: { type: 'string' }, name: { type: 'string' }, subjectZh: { type: 'string' }, bodyZh: { type: 'string' }, subjectEn: { type: 'string' }, bodyEn: { type: 'string' } };
const tags = ['notifications'];
const admin = ['email (administrators)'];

export const NOTIFICATION_API_PATHS = {
  '/api/v1/notifications': {
    get: {
      tags, summary: 'My notifications, unread first then newest; keyset paging',
      parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 } }, { name: 'cursor', in: 'query', schema: { type: 'string' } }, { name: 'unread', in: 'query', schema: { enum: ['true', 'false'] } }],
      responses: ok('{data, nextCursor, unread}'),
    },
    post: {
      tags, summary: 'Send a notification to users (administrators), through each recipient’s channels',
      requestBody: body({ userIds: { type: 'array', items: { type: 'string', format: 'uuid' } }, kind: { type: 'string' }, title: { type: 'string' }, body: { type: 'string' }, link: { type: 'string' }, object: { type: 'string' }, recordId: { type: 'string', format: 'uuid' }, dedupeKey: { type: 'string' } }, ['userIds', 'kind', 'title']),
      responses: { 201: { description: '{data: {created, duplicates, deliveries}}' }, 403: { description: 'Not an administrator' } },
    },
  },
  '/api/v1/notifications/unread-count': { get: { tags, summary: 'How many of my notifications are unread', responses: ok('{count}') } },
  '/api/v1/notifications/{id}/read': { post: { tags, summary: 'Mark one of my notifications read', parameters: [param('id')], responses: { ...ok('{data, unread}'), 404: { description: 'Not yours or missing' } } } },
  '/api/v1/notifications/read-all': { post: { tags, summary: 'Mark all my notifications read', responses: ok('{marked, unread}') } },
  '/api/v1/notifications/stream': { get: { tags, summary: 'Server-Sent Events: ready, notification (id = notification id; Last-Event-ID replays), resync; heartbeat comments', responses: ok('text/event-stream') } },
  '/api/v1/notifications/preferences': {
    get: { tags, summary: 'My channel switches per kind and my group robot', responses: ok('{data: {kinds, robot}}') },
    put: { tags, summary: 'Change my switches and/or robot (WeCom/DingTalk webhook; robot: null removes it)', requestBody: body({ kinds: { type: 'array', items: switches }, robot }), responses: ok('{data}') },
  },
  '/api/v1/notifications/preferences/{userId}': {
    get: { tags, summary: "A user's switches and robot (administrators)", parameters: [param('userId', 'uuid')], responses: ok('{data}') },
    put: { tags, summary: "Change a user's switches and robot (administrators)", parameters: [param('userId', 'uuid')], requestBody: body({ kinds: { type: 'array', items: switches }, robot }), responses: ok('{data}') },
  },
  '/api/v1/notifications/robot/test': { post: { tags, summary: 'Send a test message to my robot now', responses: { ...ok('{ok}'), 422: { description: 'The webhook refused or could not be reached' } } } },
  '/api/v1/notifications/deliveries': { get: { tags, summary: 'E-mail and robot deliveries with status, attempts and errors (administrators)', parameters: [{ name: 'status', in: 'query', schema: { enum: ['pending', 'queued', 'sent', 'failed'] } }, { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 200 } }], responses: ok('{data}') } },
  '/api/v1/notifications/deliveries/{id}/retry': { post: { tags, summary: 'Send a failed delivery again (administrators)', parameters: [param('id')], responses: { ...ok('{ok}'), 400: { description: 'Not a failed delivery' } } } },
  '/api/v1/email/settings': {
    get: { tags: admin, summary: 'SMTP settings (the password is never returned: hasPassword)', responses: ok('{data}') },
    put: { tags: admin, summary: 'Save SMTP settings', requestBody: body(smtp, ['host', 'port', 'security', 'fromName', 'fromAddress']), responses: ok('{data}') },
  },
  '/api/v1/email/settings/test': { post: { tags: admin, summary: 'Send a test e-mail now (saved settings, or unsaved ones in `settings`)', requestBody: body({ to: { type: 'string' }, settings: { type: 'object', properties: smtp } }, ['to']), responses: { ...ok('{ok, messageId}'), 422: { description: 'The SMTP error; details name the setting' } } } },
  '/api/v1/email/templates': {
    get: { tags: admin, summary: 'E-mail templates', responses: ok('{data}') },
    post: { tags: admin, summary: 'Create a template', requestBody: body(template, Object.keys(template)), responses: { 201: { description: 'Created' } } },
  },
  '/api/v1/email/templates/{key}': {
    get: { tags: admin, summary: 'One template', parameters: [param('key')], responses: ok('{data}') },
    patch: { tags: admin, summary: 'Edit a template', parameters: [param('key')], requestBody: body(template), responses: ok('{data}') },
    delete: { tags: admin, summary: 'Delete a template (not the built-in ones)', parameters: [param('key')], responses: { 204: { description: 'Deleted' } } },
  },
  '/api/v1/email/templates/preview': { post: { tags: admin, summary: 'Render a subject and body with sample data', requestBody: body({ subject: { type: 'string' }, body: { type: 'string' } }), responses: ok('{data: {subject, text, vars}}') } },
};
