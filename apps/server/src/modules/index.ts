import type { Engine } from '../engine/index.js';
import type { EventBus } from '../engine/jobs/event-bus.js';
import { registerSalesModule } from './sales/index.js';

/** Every domain module plugs in here: objects and hooks on the engine, subscribers on the bus. */
export function registerModules(engine: Engine, _bus: EventBus) {
  registerSalesModule(engine);
}
