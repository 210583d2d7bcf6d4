/**
 * Loads the demo data set into the configured database and exits: `npm run demo`, or
 * `npx tsx src/demo.ts` here. Opens the database exactly like main.ts (same environment settings),
 * but starts no jobs and does not listen. Does nothing if the demo data is already there.
 */
import { ensureFirstAdmin } from './accounts/bootstrap.js';
import { loadConfig } from './config.js';
import { describeDemo, loadDemoData } from './modules/demo/index.js';
import { createCrm } from './server.js';

const config = loadConfig();
const crm = await createCrm({
  database: config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  jobs: false,
});
try {
  // The administrator must exist before the demo users do: main.ts only creates one in an empty database.
  const admin = await ensureFirstAdmin(crm.handle.db, config.adminEmail, config.adminPassword);
  if (admin?.generatedPassword) console.log(`Created administrator ${admin.email} with password ${admin.generatedPassword} (shown only this once)`);
  else if (admin) console.log(`Created administrator ${admin.email}`);
  console.log(describeDemo(await loadDemoData(crm)));
} finally {
  await crm.close();
}
