// Test kinds are told apart by file suffix: *.spec.ts is pure, *.int-spec.ts needs real
// PostgreSQL/Redis, *.e2e-spec.ts drives whole apps over HTTP.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

const moduleNameMapper = {
  '^@casebook/(domain|event-store|read-models|reminders|config)$': '<rootDir>/libs/$1/src',
  '^@casebook/(domain|event-store|read-models|reminders|config)/(.*)$': '<rootDir>/libs/$1/src/$2',
};

const project = (displayName, testMatch, extra = {}) => ({
  displayName,
  testMatch,
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  ...extra,
});

module.exports = {
  projects: [
    project('unit', ['**/*.spec.ts']),
    project('int', ['**/*.int-spec.ts'], { setupFilesAfterEnv: ['<rootDir>/test/support/jest-timeouts.ts'] }),
    project('e2e', ['**/*.e2e-spec.ts'], { setupFilesAfterEnv: ['<rootDir>/test/support/jest-timeouts.ts'] }),
  ],
};
