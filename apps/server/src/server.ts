import Fastify, { type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { registerAccounts } from './accounts/index.js';
import { openDatabase, type DatabaseHandle, type DatabaseOptions } from './db/connection.js';
import { migrateToLatest } from './db/migrate.js';
import { createEngine, registerEngineRoutes, startEngine, type Engine } from './engine/index.js';
import { EventBus } from './engine/jobs/event-bus.js';
import { startJobRunner, type JobRunner } from './engine/jobs/job-runner.js';
import { registerErrorHandler, sendRouteNotFound } from './http/errors.js';
import { registerApiDocs } from './http/openapi.js';
import { registerSameOriginCheck } from './http/same-origin.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { registerWebApp } from './http/web-app.js';
import { MODULES, type ModuleContext } from './modules/index.js';
import { registerViewRoutes } from './views/routes.js';

export interface CrmOptions {
  database: DatabaseOptions;
  /** Start pg-boss and the outbox relay (the server does; most tests do not need it). */
  jobs?: boolean;
  secureCookie?: boolean;
  trustProxy?: boolean;
  webDir?: string;
  logLevel?: string;
  /** CRM_PUBLIC_URL: the address users reach the app at (same-origin check, links in e-mails). */
  publicUrl?: string;
}

export interface Crm {
  app: FastifyInstance;
  handle: DatabaseHandle;
  engine: Engine;
  bus: EventBus;
  jobs: JobRunner | null;
  modules: ModuleContext;
  close(): Promise<void>;
}

/** Opens the database, migrates, wires engine and modules, and builds the HTTP app (not listening yet). */
export async function createCrm(options: CrmOptions): Promise<Crm> {
  const handle = await openDatabase(options.database);
  try {
    await migrateToLatest(handle);
    const engine = createEngine(handle.db);
    const bus = new EventBus();
    const modules: ModuleContext = { engine, bus, db: handle.db, handle };
    for (const module of MODULES) module.register?.(modules);
    await startEngine(engine, handle.db);

    const app = Fastify({
      logger: options.logLevel ? { level: options.logLevel } : false,
      bodyLimit: 10 * 1024 * 1024,
      // Only behind a reverse proxy may X-Forwarded-For be believed (login rate limits use the IP).
      trustProxy: options.trustProxy ?? false,
    });
    registerErrorHandler(app);
    await registerSecurityHeaders(app, { https: options.secureCookie ?? false });
    registerSameOriginCheck(app, options.publicUrl);
    app.get('/api/health', async () => ({ status: 'ok' }));
    await registerAccounts(app, handle.db, { secureCookie: options.secureCookie ?? false, publicUrl: options.publicUrl });
    await registerApiDocs(app, engine.metadata);
    registerEngineRoutes(app, engine, handle.db);
    registerViewRoutes(app, handle.db, engine.metadata);
    for (const module of MODULES) await module.routes?.(app, modules);
    if (options.webDir && existsSync(options.webDir)) await registerWebApp(app, options.webDir);
    else app.setNotFoundHandler(sendRouteNotFound);
    await app.ready();

    const jobs = options.jobs ? await startJobRunner(handle, bus) : null;
    if (jobs) for (const module of MODULES) await module.startJobs?.(jobs, modules);
    return {
      app,
      handle,
      engine,
      bus,
      jobs,
      modules,
      async close() {
        for (const module of [...MODULES].reverse()) await module.stop?.(modules);
        await jobs?.stop();
        await app.close();
        await handle.close();
      },
    };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw error;
  }
}
