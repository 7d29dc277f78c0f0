// `node scripts/test-on-node.mjs <node binary> [jest arguments]`: the unit and integration suites
// run by another Node than the one on the PATH (CI: the Node 24 of the production image), against
// a throw-away PostgreSQL and Redis started as `npm test` starts them. Jest itself runs on that
// binary, and so does every `node` the tests spawn, so the code under test runs on it too.
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { log, runJestWithServices } from './services.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

async function main() {
  const [binary, ...jestArgs] = process.argv.slice(2);
  if (!binary) {
    log('usage: node scripts/test-on-node.mjs <node binary> [jest arguments]');
    return 2;
  }
  const node = resolve(binary);
  if (!existsSync(node)) {
    log(`no node binary at ${node}`);
    return 2;
  }
  const version = spawnSync(node, ['--version'], { encoding: 'utf8' });
  if (version.status !== 0) {
    log(`${node} does not run: ${version.stderr || version.error?.message}`);
    return 1;
  }
  log(`unit and integration tests on Node ${version.stdout.trim()} (${node})`);

  const jest = join(root, 'node_modules', 'jest', 'bin', 'jest.js');
  return runJestWithServices([node, jest, '--ci', '--selectProjects', 'unit', 'int', ...jestArgs], {
    cwd: root,
    env: { ...process.env, PATH: `${dirname(node)}:${process.env.PATH ?? ''}` },
  });
}

main().then(
  (status) => process.exit(status),
  (error) => {
    log(`tests could not run: ${error.message}`);
    process.exit(1);
  },
);
