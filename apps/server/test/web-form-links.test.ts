import { runInNewContext } from 'node:vm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { absoluteLink } from '../src/modules/notifications/email/smtp-settings.js';
import { startTestCrm, type TestCrm } from './helpers/crm.js';

/** The web form's public links: never taken from a forged Host, and redirects only where the admin said. */
process.env.CRM_WEB_FORM_RATE_LIMIT = '1000'; // this file posts more than a visitor would
let t: TestCrm;
let form: { id: string; token: string; name: string; fields: unknown[] };
const EVIL = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };

beforeAll(async () => {
  t = await startTestCrm();
  const res = await t.admin.client.post('/api/v1/web-forms', { name: 'links', fields: [{ field: 'name' }] });
  expect(res.status, res.text).toBe(201);
  form = res.body.data;
});
afterAll(async () => {
  await t?.close();
});
afterEach(() => {
  delete process.env.CRM_PUBLIC_URL;
});

const embed = (headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url: `/f/${form.token}/embed.js`, headers });

/** Runs embed.js in a stand-in page loaded from `src` on `pageUrl`, submits the form and returns where it posted. */
function submitTarget(script: string, src: string, pageUrl: string): string {
  let posted = '';
  let onSubmit: (e: { preventDefault(): void }) => void = () => undefined;
  const el = () => ({ value: '', textContent: '', disabled: false });
  const formEl = {
    action: '',
    elements: new Proxy({}, { get: () => el() }),
    setAttribute(name: string, value: string) {
      if (name === 'action') this.action = value;
    },
    addEventListener: (_: string, fn: typeof onSubmit) => (onSubmit = fn),
    querySelector: () => el(),
    querySelectorAll: () => [],
  };
  const box = { innerHTML: '', getAttribute: () => null, setAttribute: () => undefined, querySelector: () => formEl };
  const document = { currentScript: { src }, readyState: 'complete', referrer: '', getElementById: () => ({}), querySelectorAll: () => [box] };
  class FormData {
    forEach() {}
  }
  const fetch = (url: string) => {
    posted = url;
    return new Promise(() => undefined);
  };
  runInNewContext(script, { document, navigator: { language: 'zh-CN' }, location: new URL(pageUrl), URL, URLSearchParams, FormData, fetch, JSON });
  onSubmit({ preventDefault() {} });
  expect(formEl.action).toBe(posted);
  return posted;
}

describe('embed.js', () => {
  it('never builds its submit URL from the Host or X-Forwarded-Host of the request', async () => {
    const res = await embed(EVIL);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('evil.example');
    // Without CRM_PUBLIC_URL the script posts to the server it was loaded from, not to the page's site.
    const target = submitTarget(res.body, `https://crm.example.cn/f/${form.token}/embed.js`, 'https://www.customer-site.cn/trial?utm_source=x');
    expect(target).toBe(`https://crm.example.cn/api/v1/public/forms/${form.token}/submissions`);
  });

  it('uses CRM_PUBLIC_URL when set, for the script, the hosted page and the admin view', async () => {
    process.env.CRM_PUBLIC_URL = 'https://crm.example.com/';
    const res = await embed(EVIL);
    expect(res.body).not.toContain('evil.example');
    expect(res.headers['cache-control']).toContain('public');
    expect(submitTarget(res.body, 'https://cdn.elsewhere.example/embed.js', 'https://www.customer-site.cn/')).toBe(`https://crm.example.com/api/v1/public/forms/${form.token}/submissions`);
    const page = await t.app.inject({ method: 'GET', url: `/f/${form.token}`, headers: EVIL });
    expect(page.body).toContain(`value="https://crm.example.com/f/${form.token}"`);
    const view = (await t.admin.client.get('/api/v1/web-forms', EVIL)).body.data.find((f: any) => f.id === form.id);
    expect(view.pageUrl).toBe(`https://crm.example.com/f/${form.token}`);
    expect(view.embedSnippet).toContain(`src="https://crm.example.com/f/${form.token}/embed.js"`);
    // Links in e-mails and robot messages too, when the e-mail settings name no address.
    expect(absoluteLink('/o/deals/1', null)).toBe('https://crm.example.com/o/deals/1');
  });
});

describe('the redirect after a submission', () => {
  const put = (redirectUrl: unknown) => t.admin.client.request('PUT', `/api/v1/web-forms/${form.id}`, { name: form.name, fields: form.fields, redirectUrl });
  const post = (body: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/api/v1/public/forms/${form.token}/submissions`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(body).toString() });

  it('is only an http(s) URL, checked when the admin saves it', async () => {
    for (const bad of ['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', '//evil.example/x', '/relative', 'ftp://evil.example/']) {
      const res = await put(bad);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.details[0].path).toBe('redirectUrl');
    }
    // Stored as the browser reads it: no header can be smuggled into the Location.
    const res = await put('https://www.example.cn/thanks?a=1\r\nSet-Cookie: x=1');
    expect(res.status, res.text).toBe(200);
    const done = await post({ name: '跳转一' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('https://www.example.cn/thanks?a=1Set-Cookie:%20x=1');
    expect(done.headers['set-cookie']).toBeUndefined();
  });

  it('never goes to a URL named in the request, nor to a stored one that is not http(s)', async () => {
    await put('https://www.example.cn/thanks');
    for (const key of ['redirectUrl', 'redirect_url', 'redirect', 'next', 'returnTo']) {
      const res = await post({ name: '跳转二', [key]: 'https://evil.example/' });
      expect(res.statusCode, key).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
    await t.crm.handle.db.updateTable('web_forms' as any).set({ redirect_url: 'javascript:alert(1)' }).where('id', '=', form.id).execute();
    const html = await post({ name: '跳转三' });
    expect(html.statusCode).toBe(200);
    expect(html.headers.location).toBeUndefined();
    const json = await t.anon.post(`/api/v1/public/forms/${form.token}/submissions`, { name: '跳转四' });
    expect(json.status).toBe(201);
    expect(json.body.data.redirectUrl).toBeNull();
  });
});
