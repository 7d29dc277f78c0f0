// `npm test`: type-checks, lints, checks formatting, checks module boundaries, starts throw-away
// PostgreSQL and Redis (unless DATABASE_URL / REDIS_URL are set), then runs unit, integration and
// end-to-end tests.
// Extra arguments go to Jest, e.g. `npm test -- --selectProjects unit`.
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { log, runJestWithServices } from './services.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(command, args, env = process.env) {
  return spawnSync(command, args, { cwd: root, stdio: 'inherit', env }).status ?? 1;
}

async function main() {
  log('type-checking');
  if (run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']) !== 0) return 1;
  log('linting (npm run lint)');
  if (run('npm', ['run', '--silent', 'lint']) !== 0) return 1;
  log('checking formatting (npm run format:check; npm run format fixes it)');
  if (run('npm', ['run', '--silent', 'format:check']) !== 0) return 1;
  log('checking module boundaries');
  if (run('npx', ['depcruise', 'apps', 'libs', 'test', '--config', '.dependency-cruiser.cjs', '--output-type', 'err']) !== 0) return 1;
  log('building (the smoke test runs the built apps)');
  if (run('npm', ['run', '--silent', 'build']) !== 0) return 1;

  return runJestWithServices(['npx', 'jest', '--ci', ...process.argv.slice(2)], { cwd: root });
}

main().then(
  (status) => process.exit(status),
  (error) => {
    log(`tests could not run: ${error.message}`);
    process.exit(1);
  },
);
