import { sql, type Kysely } from 'kysely';

/** The e-mail a user imported by an administrator gets: a link to choose their own password (admins may edit it). */
const INVITATION_TEMPLATE = {
  key: 'user_invitation',
  name: '账号邀请 / Account invitation',
  subjectZh: '{{inviter}} 邀请您使用 CRM',
  bodyZh: '{{user.name}}，您好：\n\n{{inviter}} 为您开通了 CRM 账号（{{user.email}}）。请在 {{expiresDays}} 天内打开下面的链接设置您自己的密码，链接只能使用一次：\n\n{{link}}\n\n链接过期后，可在登录页点击“忘记密码”重新获取。',
  subjectEn: '{{inviter}} invited you to the CRM',
  bodyEn: 'Hello {{user.name}},\n\n{{inviter}} opened a CRM account for you ({{user.email}}). Open the link below within {{expiresDays}} days to choose your own password; it works only once:\n\n{{link}}\n\nIf the link has expired, use "Forgot password" on the sign-in page to get a new one.',
};

export async function up(db: Kysely<unknown>): Promise<void> {
  const t = INVITATION_TEMPLATE;
  await sql`INSERT INTO email_templates (key, name, subject_zh, body_zh, subject_en, body_en, builtin)
    VALUES (${t.key}, ${t.name}, ${t.subjectZh}, ${t.bodyZh}, ${t.subjectEn}, ${t.bodyEn}, true) ON CONFLICT (key) DO NOTHING`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DELETE FROM email_templates WHERE key = 'user_invitation'`.execute(db);
}
