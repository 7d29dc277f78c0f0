export * from './app-config.js';
export * from './config.module.js';
export * from './health-listener.js';
export * from './redis-connection.js';
