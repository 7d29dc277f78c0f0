// Structured logs for every Casebook app: one pino logger per process (nestjs-pino), JSON lines
// on stdout unless the launcher asks for pino-pretty, at the level LOG_LEVEL names.
export * from './log-settings.js';
export * from './logger.module.js';
