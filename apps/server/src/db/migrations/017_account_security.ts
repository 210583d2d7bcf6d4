import { sql, type Kysely } from 'kysely';

/** A one-time password reset link in the e-mail, and its template (admins may edit it). */
const RESET_TEMPLATE = {
  key: 'password_reset',
  name: '重置密码 / Password reset',
  subjectZh: '重置您的 CRM 密码',
  bodyZh: '{{user.name}}，您好：\n\n有人（希望是您）请求重置此账号的密码。请在 {{expiresMinutes}} 分钟内打开下面的链接设置新密码，链接只能使用一次：\n\n{{link}}\n\n如果不是您本人操作，请忽略此邮件，您的密码不会改变。',
  subjectEn: 'Reset your CRM password',
  bodyEn: 'Hello {{user.name}},\n\nSomeone (hopefully you) asked to reset the password of this account. Open the link below within {{expiresMinutes}} minutes to choose a new one; it works only once:\n\n{{link}}\n\nIf this was not you, ignore this e-mail: your password stays as it is.',
};

/**
 * Account security: users who must change a password they did not choose (the generated first
 * admin password), password reset tokens (only their hash) and the requests for them (rate
 * limits), and an index for the per-address login limit.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN IF NOT EXISTS must_change_password boolean NOT NULL DEFAULT false`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS login_failures_ip_idx ON login_failures(ip, at)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS password_resets (
      token_hash text PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
      expires_at timestamptz NOT NULL,
      used_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS password_resets_user_idx ON password_resets(user_id)`.execute(db);
  await sql`
    CREATE TABLE IF NOT EXISTS password_reset_requests (
      id bigserial PRIMARY KEY,
      email text NOT NULL,
      ip text NOT NULL,
      at timestamptz NOT NULL DEFAULT now()
    )`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS password_reset_requests_ip_idx ON password_reset_requests(ip, at)`.execute(db);
  await sql`CREATE INDEX IF NOT EXISTS password_reset_requests_email_idx ON password_reset_requests(email, at)`.execute(db);
  const t = RESET_TEMPLATE;
  await sql`INSERT INTO email_templates (key, name, subject_zh, body_zh, subject_en, body_en, builtin)
    VALUES (${t.key}, ${t.name}, ${t.subjectZh}, ${t.bodyZh}, ${t.subjectEn}, ${t.bodyEn}, true) ON CONFLICT (key) DO NOTHING`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM email_templates WHERE key = 'password_reset'`.execute(db);
  await sql`DROP TABLE IF EXISTS password_reset_requests, password_resets`.execute(db);
  await sql`DROP INDEX IF EXISTS login_failures_ip_idx`.execute(db);
  await sql`ALTER TABLE users DROP COLUMN IF EXISTS must_change_password`.execute(db);
}
