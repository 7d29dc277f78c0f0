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
  '^@casebook/(domain|event-store|event-processing|read-models|reminders|config|logging|metrics)$': '<rootDir>/libs/$1/src/index.ts',
  '^@casebook/(domain|event-store|event-processing|read-models|reminders|config|logging|metrics)/(.*)$': '<rootDir>/libs/$1/src/$2',
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
    // The API's end-to-end specs again with EVENT_STORE=eventstoredb. npm start always runs the
    // embedded default, the reconnection spec picks EventStoreDB itself, and the projector-kills
    // spec runs the built projector on the embedded store.
    project('e2e-eventstoredb', ['**/*.e2e-spec.ts'], {
      ...slow,
      setupFiles: ['<rootDir>/test/support/use-eventstoredb.ts'],
      testPathIgnorePatterns: [
        '/node_modules/',
        'npm-start\\.e2e-spec',
        'eventstoredb-reconnection\\.e2e-spec',
        'start-up-configuration\\.e2e-spec',
        'projector-kills\\.e2e-spec',
      ],
    }),
  ],
};
