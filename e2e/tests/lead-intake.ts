import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApiClient } from '../helpers';

/**
 * A sales team whose reps get the leads from 北京 in turn: the team, its reps, a 北京 territory and
 * the shipped territory rule switched on. `undo` switches the rule off and removes the territory,
 * so other specs' leads wait in the pool again.
 */
export async function beijingLeadTeam(admin: ApiClient, teamName: string, reps: { email: string; name: string }[], password: string) {
  const role = (await admin.get('/api/v1/roles')).data.find((r: { key: string }) => r.key === 'sales_rep');
  const team = await admin.post('/api/v1/teams', { name: teamName });
  for (const rep of reps) await admin.post('/api/v1/users', { ...rep, password, roleId: role.id, teamId: team.data.id });
  const territoryId = (await admin.post('/api/v1/automation/territories', { field: 'region', value: '北京', teamId: team.data.id, position: 0 })).data.id;
  const ruleId = (await admin.get('/api/v1/automation/rules')).data.find((r: { builtinKey: string }) => r.builtinKey === 'lead_territory_assignment').id;
  await admin.patch(`/api/v1/automation/rules/${ruleId}`, { enabled: true });
  return {
    teamId: team.data.id as string,
    async undo() {
      await admin.patch(`/api/v1/automation/rules/${ruleId}`, { enabled: false }).catch(() => undefined);
      await admin.request('DELETE', `/api/v1/automation/territories/${territoryId}`).catch(() => undefined);
    },
  };
}

/** "Another website" on a free port: one page with the form's embed snippet. */
export async function siteWithSnippet(title: string, heading: string, snippet: string, head = '') {
  const site = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body><h1>${heading}</h1>${snippet}</body></html>`);
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(site.address() as AddressInfo).port}`,
    async close() {
      site.closeAllConnections();
      await new Promise((r) => site.close(r));
    },
  };
}
