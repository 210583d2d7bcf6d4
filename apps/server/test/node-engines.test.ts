import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url);
const readJson = (name: string) => JSON.parse(readFileSync(new URL(name, root), 'utf8'));

describe('declared Node.js requirement', () => {
  it('every locked dependency runs on the oldest Node.js the project declares (no EBADENGINE on npm ci)', () => {
    const declared: string = readJson('package.json').engines.node;
    const oldest = semver.minVersion(declared)!.version;
    const lock = readJson('package-lock.json') as { packages: Record<string, { version?: string; engines?: { node?: string } }> };
    const refusing = Object.entries(lock.packages)
      .filter(([, entry]) => typeof entry.engines?.node === 'string' && !semver.satisfies(oldest, entry.engines.node))
      .map(([path, entry]) => `${path}@${entry.version} needs node ${entry.engines!.node}`);
    expect(refusing).toEqual([]);
  });
});
