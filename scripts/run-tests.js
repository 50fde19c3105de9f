// npm test: makes one migrated template database that every test copies its own database from, runs all
// compiled test files with node's test runner, and drops what it made.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createTemplateDatabase, dropDatabase } from '../dist/test/support/db.js';

function testFiles(dir) {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return testFiles(path);
    return path.endsWith('.test.js') ? [path] : [];
  });
}

const only = process.argv.slice(2);
const files = testFiles('dist/test').filter((f) => only.length === 0 || only.some((o) => f.includes(o))).sort();
const template = `lfp_test_template_${process.pid}`;
await createTemplateDatabase(template);
const result = spawnSync(process.execPath, ['--test', ...files], {
  stdio: 'inherit',
  env: { ...process.env, LFP_TEST_TEMPLATE: template },
});
await dropDatabase(template);
process.exitCode = result.status ?? 1;
