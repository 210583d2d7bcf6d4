import cookie from '@fastify/cookie';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/types.js';
import { auditConfigChange } from '../engine/audit/audit.js';
import { requireAccess } from '../engine/permissions/request-access.js';
import { ApiError, badRequest, notFound, parseInput } from '../http/errors.js';
import { buildAccessContext, forgetAccessContexts, type SessionUser } from './access-context.js';
import { LoginThrottle } from './login-throttle.js';
import { checkNewPassword } from './password-policy.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { SESSION_COOKIE, SESSION_TTL_MS, createApiKey, createSession, deleteSession, userFromApiKey, userFromSession } from './sessions.js';

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
  }
}

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** What a user who must change their password may still do. */
const ALLOWED_BEFORE_PASSWORD_CHANGE = new Set(['/api/auth/change-password', '/api/auth/logout', '/api/auth/me']);

const loginSchema = z.object({ email: z.string().trim().toLowerCase().min(1).max(254), password: z.string().min(1).max(200) });
/** The shape of a password in input; the policy (common passwords, the e-mail …) is checkNewPassword. */
export const passwordSchema = z.string().min(8, 'at least 8 characters').max(200);

export interface AuthOptions {
  /** Send the cookie only over HTTPS (set when served behind TLS). */
  secureCookie: boolean;
}

/**
 * The active user behind a request's API key (Bearer) or session cookie, or null. Long-lived
 * responses (the notification stream) call it again to notice a logout or a deactivated user.
 */
export async function userFromCredentials(db: Kysely<Database>, request: FastifyRequest, onSessionRenew?: () => void): Promise<SessionUser | null> {
  const auth = request.headers.authorization;
  if (auth?.startsWith('Bearer ')) return userFromApiKey(db, auth.slice(7).trim());
  const token = request.cookies[SESSION_COOKIE];
  return token ? userFromSession(db, token, onSessionRenew) : null;
}

export async function registerAuth(app: FastifyInstance, db: Kysely<Database>, options: AuthOptions) {
  await app.register(cookie);
  app.decorateRequest('access', null);
  app.decorateRequest('user', null);

  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    const user = await userFromCredentials(db, request, () => setSessionCookie(reply, request.cookies[SESSION_COOKIE]!));
    if (!user && request.headers.authorization?.startsWith('Bearer ')) throw new ApiError('unauthorized', 'invalid or revoked API key');
    if (user) {
      request.user = user;
      request.access = await buildAccessContext(db, user);
      // A password the user did not choose (the generated first one) must be replaced before any write.
      if (user.must_change_password && UNSAFE_METHODS.has(request.method) && !ALLOWED_BEFORE_PASSWORD_CHANGE.has(request.url.split('?')[0])) {
        throw new ApiError('forbidden', 'change your password first', [{ path: 'password', message: 'must be changed before anything else' }]);
      }
    }
  });

  const setSessionCookie = (reply: FastifyReply, token: string) =>
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookie,
      maxAge: SESSION_TTL_MS / 1000,
    });

  const throttle = new LoginThrottle(db);
  // Unknown e-mails are checked against this hash, so the answer takes as long as for a real account.
  const dummyHash = hashPassword(randomBytes(16).toString('hex'));

  app.post('/api/auth/login', async (request, reply) => {
    const { email, password } = parseInput(loginSchema, request.body);
    const attempt = await throttle.begin(email, request.ip);
    if ('retryAfter' in attempt) {
      reply.header('retry-after', String(attempt.retryAfter));
      throw new ApiError('rate_limited', `too many failed logins from this address; try again in ${attempt.retryAfter} seconds`);
    }
    const user = await db.selectFrom('users').selectAll().where('email', '=', email).where('active', '=', true).executeTakeFirst();
    // An invited user who has not chosen a password yet (empty hash) is checked like an unknown e-mail.
    const valid = await verifyPassword(user?.password_hash || (await dummyHash), password);
    if (!user || !valid) throw new ApiError('unauthorized', 'wrong email or password');
    await throttle.succeeded(email, request.ip);
    setSessionCookie(reply, await createSession(db, user.id));
    return { user: { id: user.id, email: user.email, name: user.name, locale: user.locale, mustChangePassword: user.must_change_password } };
  });

  app.post('/api/auth/logout', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get('/api/auth/me', async (request) => {
    const access = requireAccess(request);
    const user = request.user!;
    const role = await db.selectFrom('roles').select(['key', 'name_zh', 'name_en']).where('id', '=', user.role_id).executeTakeFirstOrThrow();
    return { user: { ...user, role }, permissions: access.permissions };
  });

  app.patch('/api/auth/me', async (request) => {
    requireAccess(request);
    const patch = parseInput(z.object({ name: z.string().trim().min(1).max(100), locale: z.enum(['zh-CN', 'en']) }).partial().strict(), request.body);
    await db.updateTable('users').set({ ...patch, updated_at: new Date() }).where('id', '=', request.user!.id).execute();
    forgetAccessContexts();
    return { ok: true };
  });

  app.post('/api/auth/change-password', async (request, reply) => {
    requireAccess(request);
    const body = parseInput(z.object({ currentPassword: z.string().min(1), newPassword: passwordSchema }), request.body);
    const user = await db.selectFrom('users').select(['id', 'email', 'password_hash']).where('id', '=', request.user!.id).executeTakeFirstOrThrow();
    if (!(await verifyPassword(user.password_hash, body.currentPassword))) {
      throw new ApiError('bad_request', 'current password is wrong', [{ path: 'currentPassword', message: 'is wrong' }]);
    }
    checkNewPassword(body.newPassword, user.email, 'newPassword');
    if (body.newPassword === body.currentPassword) throw badRequest('the new password must differ from the current one', [{ path: 'newPassword', message: 'same as the current password' }]);
    await db
      .updateTable('users')
      .set({ password_hash: await hashPassword(body.newPassword), must_change_password: false, updated_at: new Date() })
      .where('id', '=', user.id)
      .execute();
    // Every other session ends; this one is replaced by a fresh one.
    await db.deleteFrom('sessions').where('user_id', '=', user.id).execute();
    setSessionCookie(reply, await createSession(db, user.id));
    return { ok: true };
  });

  app.get('/api/auth/api-keys', async (request) => {
    requireAccess(request);
    const keys = await db
      .selectFrom('api_keys')
      .select(['id', 'name', 'prefix', 'created_at', 'last_used_at', 'revoked_at'])
      .where('user_id', '=', request.user!.id)
      .orderBy('created_at', 'desc')
      .execute();
    return { data: keys };
  });

  app.post('/api/auth/api-keys', async (request, reply) => {
    requireAccess(request);
    const { name } = parseInput(z.object({ name: z.string().trim().min(1).max(100) }), request.body);
    const created = await db.transaction().execute(async (trx) => {
      const key = await createApiKey(trx, request.user!.id, name);
      await auditApiKey(trx, request.user!.id, key.id, null, { name, prefix: key.prefix, owner: request.user!.name, revoked: false });
      return key;
    });
    return reply.status(201).send({ data: created });
  });

  app.delete('/api/auth/api-keys/:id', async (request, reply) => {
    requireAccess(request);
    const { id } = parseInput(z.object({ id: z.uuid() }), request.params);
    await db.transaction().execute(async (trx) => {
      const revoked = await trx
        .updateTable('api_keys')
        .set({ revoked_at: new Date() })
        .where('id', '=', id)
        .where('user_id', '=', request.user!.id)
        .where('revoked_at', 'is', null)
        .returning(['name', 'prefix'])
        .executeTakeFirst();
      if (!revoked) throw notFound('API key');
      const key = { name: revoked.name, prefix: revoked.prefix, owner: request.user!.name };
      await auditApiKey(trx, request.user!.id, id, { ...key, revoked: false }, { ...key, revoked: true });
    });
    return reply.status(204).send();
  });
}

/** A key's creation and revocation are audited under its id; the secret never is (only its prefix). */
function auditApiKey(db: Kysely<Database>, actorId: string, id: string, before: Record<string, unknown> | null, after: Record<string, unknown>) {
  return auditConfigChange(db, 'apiKeys', actorId, { id, name: String(after.name) }, before, after);
}
