// Test kinds are told apart by file suffix: *.spec.ts is pure, *.int-spec.ts needs real
// PostgreSQL/Redis, *.e2e-spec.ts drives whole apps over HTTP. The project is ES modules
// (NestJS 12 ships only those), so Jest runs with --experimental-vm-modules.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'es6' },
  },
];

const moduleNameMapper = {
  '^@casebook/(domain|event-store|event-processing|read-models|reminders|config|logging|metrics|write-model)$':
    '<rootDir>/libs/$1/src/index.ts',
  '^@casebook/(domain|event-store|event-processing|read-models|reminders|config|logging|metrics|write-model)/(.*)$':
    '<rootDir>/libs/$1/src/$2',
  '^(\\.{1,2}/.*)\\.js$': '$1',
};

const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testMatch,
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  ...extra,
});

const slow = { setupFilesAfterEnv: ['<rootDir>/test/support/jest-timeouts.ts'] };

export default {
  projects: [
    project('unit', ['**/*.spec.ts']),
    project('int', ['**/*.int-spec.ts'], slow),
    project('e2e', ['**/*.e2e-spec.ts'], slow),
    // The API's end-to-end specs again with EVENT_STORE=eventstoredb, those whose outcome can
    // depend on the event store: writes, concurrency, retries, access and erasure decided from
    // streams, subscriptions feeding projections and reminders. Left out: npm start and the
    // built projector (always the embedded store), the reconnection spec (picks EventStoreDB
    // itself), and specs of the HTTP edge and of reads over read models (documents, fuzzing of
    // validation and query strings, logs, metrics, dashboards, exports at size), which the
    // adapter's contract suite and the specs kept here already cover below them.
    project('e2e-eventstoredb', ['**/*.e2e-spec.ts'], {
      ...slow,
      setupFiles: ['<rootDir>/test/support/use-eventstoredb.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        ...[
          'npm-start',
          'eventstoredb-reconnection',
          'start-up-configuration',
          'projector-kills',
          'demo-data',
          'openapi-document',
          'openapi-examples',
          'http-surface',
          'structured-logs',
          'metrics',
          'failed-sign-ins',
          'validation-gaps',
          'write-fuzz',
          'timeline-query-fuzz',
          'study-dashboard',
          'mutual-profile',
          'exports-at-size',
        ].map((spec) => `/${spec}\\.e2e-spec`),
      ],
    }),
  ],
};
