import { ensureFirstAdmin } from './accounts/bootstrap.js';
import { loadConfig } from './config.js';
import { createCrm } from './server.js';

const config = loadConfig();
const crm = await createCrm({
  database: config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  jobs: true,
  secureCookie: config.secureCookie,
  trustProxy: config.trustProxy,
  webDir: config.webDir,
  logLevel: config.logLevel,
  publicUrl: config.publicUrl,
});

const admin = await ensureFirstAdmin(crm.handle.db, config.adminEmail, config.adminPassword).catch(async (error: Error) => {
  console.error(error.message);
  await crm.close();
  process.exit(1);
});
if (admin?.generatedPassword) {
  console.log(`\n  First start: created administrator ${admin.email} with password ${admin.generatedPassword}\n  (shown only this once; you will be asked to change it at the first login)\n`);
} else if (admin) {
  console.log(`First start: created administrator ${admin.email}`);
}

// CRM_DEMO=true or --demo: load the demo data set (does nothing if it is already there).
if (process.env.CRM_DEMO === 'true' || process.argv.includes('--demo')) {
  const { describeDemo, loadDemoData } = await import('./modules/demo/index.js');
  console.log(describeDemo(await loadDemoData(crm)));
}

const shutdown = async (signal: string) => {
  console.log(`${signal}: shutting down`);
  await crm.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown('SIGINT'));
process.once('SIGTERM', () => void shutdown('SIGTERM'));

await crm.app.listen({ port: config.port, host: config.host });
console.log(`CRM ready on http://localhost:${config.port} (${crm.handle.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL server'})`);
