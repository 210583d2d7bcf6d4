// Bundles the server into dist/ with esbuild. Our own TypeScript (including the @crm/schema
// workspace package) is compiled in; npm dependencies stay external and load from node_modules.
import { build } from 'esbuild';
import { readFileSync, existsSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const external = Object.keys(pkg.dependencies).filter((name) => !name.startsWith('@crm/'));
const entryPoints = ['src/main.ts', 'src/demo.ts', 'src/backup/cli.ts'].filter((file) => existsSync(new URL(file, import.meta.url)));

await build({
  entryPoints,
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: [...external, ...external.map((name) => `${name}/*`)],
  logLevel: 'warning',
});
console.log(`server built: ${entryPoints.join(', ')} → dist/`);
