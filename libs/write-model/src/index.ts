// The one write path: every command, from an HTTP request or a reminder worker, is decided by its
// aggregate's decider on the stream's record and appended with the expected revision here.
export * from './aggregate-reader.js';
export * from './aggregates.js';
export * from './clock.js';
export * from './decider-runner.js';
export * from './ids.js';
export * from './version-conflict.error.js';
export * from './write-commands.js';
export * from './write-model.module.js';
export * from './write-request.js';
