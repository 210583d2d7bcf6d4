// Runs vitest and fails unless every collected test ran and passed: a skipped, todo or missing
// test must never let CI pass silently. Used by test:pg and test:e2e.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Returns the exit code to use; prints why it failed. */
export function runVitestStrict(label, vitestArgs, env = process.env, cwd = new URL('..', import.meta.url).pathname) {
  const dir = mkdtempSync(join(tmpdir(), 'crm-vitest-'));
  const report = join(dir, 'report.json');
  const result = spawnSync('npx', ['vitest', 'run', ...vitestArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
    stdio: 'inherit',
    env,
    cwd,
  });
  let summary;
  try {
    summary = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    console.error(`${label}: vitest wrote no report`);
    return result.status || 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const notRun = summary.testResults.flatMap((file) =>
    file.assertionResults.filter((a) => a.status !== 'passed' && a.status !== 'failed').map((a) => `${file.name}: ${a.fullName} (${a.status})`),
  );
  if (result.status !== 0 || !summary.success) {
    console.error(`${label}: FAILED (${summary.numFailedTests} failed tests, ${summary.numFailedTestSuites} failed files)`);
    return result.status || 1;
  }
  if (notRun.length || summary.numPendingTests || summary.numTodoTests) {
    console.error(`${label}: FAILED: ${notRun.length || summary.numPendingTests + summary.numTodoTests} test(s) did not run:\n  ${notRun.join('\n  ')}`);
    return 1;
  }
  if (!summary.numPassedTests) {
    console.error(`${label}: FAILED: no tests ran`);
    return 1;
  }
  console.log(`${label}: ${summary.numPassedTests} tests passed`);
  return 0;
}
