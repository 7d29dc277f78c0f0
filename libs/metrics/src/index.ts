// Prometheus plumbing the apps share.
export * from './process-metrics.js';
