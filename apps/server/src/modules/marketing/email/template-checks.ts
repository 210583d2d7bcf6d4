import type { Engine } from '../../../engine/index.js';
import type { HookEvent } from '../../../engine/hooks/hooks.js';
import { sanitizeTemplateHtml } from './render.js';

/** Template bodies are stored sanitised, however they arrive (API, import, the editor). */
export function registerTemplateChecks(engine: Engine) {
  const clean = ({ values }: HookEvent) => {
    for (const name of ['body_zh', 'body_en']) {
      if (typeof values[name] === 'string') values[name] = sanitizeTemplateHtml(values[name] as string);
    }
  };
  engine.hooks.on('marketing_templates', 'beforeCreate', clean);
  engine.hooks.on('marketing_templates', 'beforeUpdate', clean);
}
