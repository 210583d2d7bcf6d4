import { addApiPaths } from '../../http/openapi.js';
import { registerDuplicateBlock } from './block-duplicates.js';
import type { CrmModule } from '../module.js';
import { DuplicateChecker } from './check-duplicates.js';
import { backfillKeys, registerKeyMaintenance } from './key-index.js';
import { duplicatePaths } from './openapi-paths.js';
import { registerRecountAfterCommit } from './recount-after-commit.js';
import { registerDuplicateRoutes } from './routes.js';

export { DuplicateChecker } from './check-duplicates.js';

let backfill: Promise<void> | null = null;

/** Duplicate rules, match keys kept by engine hooks, check on create/edit, finder, merge and undo. */
export const duplicatesModule: CrmModule = {
  name: 'duplicates',
  register({ engine, bus, db }) {
    registerKeyMaintenance(engine.hooks);
    registerDuplicateBlock(engine);
    registerRecountAfterCommit(bus, db);
    addApiPaths(duplicatePaths());
  },
  async routes(app, ctx) {
    registerDuplicateRoutes(app, ctx, new DuplicateChecker(ctx.db));
    // Keys of records written before this module (or by an older key version) are built in the
    // background; checks made meanwhile may miss those records, never report wrong ones.
    backfill = backfillKeys(ctx.db, (msg) => app.log.info(msg)).catch((error) => app.log.error(error));
  },
  async stop() {
    await backfill;
  },
};
