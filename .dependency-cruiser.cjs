// Module boundaries, checked by `npm test`: the domain stays pure, libraries never reach into
// apps, and apps never reach into each other.
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'libs/domain is pure TypeScript: no framework, database, queue, event store or Node I/O. ' +
        'zod is the one exception: pure TypeScript itself, it lets one schema per request body both read and document it',
      severity: 'error',
      from: { path: '^libs/domain/src' },
      to: { pathNot: ['^libs/domain/src', '^node_modules/zod/'] },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'apps-do-not-import-each-other',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'event-processing-is-generic',
      comment: 'the consumer loop serves every consumer of $all; what a consumer does lives with the consumer',
      severity: 'error',
      from: { path: '^libs/event-processing/src' },
      to: { path: '^libs/(read-models|reminders)/' },
    },
    {
      name: 'reminders-do-not-reach-into-read-models',
      comment: 'the reminder scheduler runs on the event-processing loop, not on the projector',
      severity: 'error',
      from: { path: '^libs/reminders/src' },
      to: { path: '^libs/read-models/' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(\\.spec|\\.int-spec|\\.e2e-spec)\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
