import { type DynamicModule, RequestMethod } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { type DestinationStream, type LoggerOptions, pino } from 'pino';
import type { Options as HttpLoggingOptions } from 'pino-http';
import pretty from 'pino-pretty';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import type { LogSettings } from './log-settings.js';

/**
 * The app's logger: nestjs-pino's module, whose `Logger` Nest itself writes through
 * (`app.useLogger`) and whose `PinoLogger` carries the fields of the request or batch in hand
 * (AsyncLocalStorage) onto every line. `http` adds pino-http's options for an HTTP app.
 * Without `settings`, LOG_LEVEL as configured and JSON on stdout.
 */
export function loggerModule(app: string, settings?: LogSettings, http: HttpLoggingOptions = {}): DynamicModule {
  return LoggerModule.forRootAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => {
      const { level, format, destination } = settings ?? { level: config.logLevel, format: 'json' as const };
      const options: LoggerOptions = {
        ...http,
        name: `casebook-${app}`,
        level,
        timestamp: pino.stdTimeFunctions.isoTime,
        // Level names rather than pino's numbers: a reader (or grep) sees "level":"error".
        formatters: { level: (label) => ({ level: label }) },
        serializers: { err: errorFields, ...http.serializers },
      };
      return {
        // nestjs-pino's default pattern (`{/*splat}`) reaches no request on this Fastify adapter;
        // `{*path}` reaches every one, `/` and unroutable URLs included.
        forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
        pinoHttp: [options, destination ?? destinationFor(format)],
      };
    },
  });
}

/**
 * An error as a line shows it: its type, message, code, stack and causes. Not the other fields
 * an error may carry, such as a failed query's parameters: those can be personal data.
 */
export function errorFields(error: unknown, depth = 0): unknown {
  if (!isErrorLike(error)) return error;
  const { code } = error as { code?: unknown };
  return {
    // An error that has lost its prototype on the way still says what it was by its name.
    type: error.constructor === Object ? (typeof error.name === 'string' ? error.name : 'Error') : error.constructor.name,
    message: error.message,
    ...(code !== undefined ? { code } : {}),
    stack: error.stack,
    ...(error.cause !== undefined && depth < 5 ? { cause: errorFields(error.cause, depth + 1) } : {}),
  };
}

/**
 * An Error, or an object that is one in all but prototype: an error made in another realm (a VM
 * context, as under Jest) fails `instanceof Error` and would otherwise be logged field by field.
 */
function isErrorLike(value: unknown): value is Error {
  if (value instanceof Error) return true;
  if (typeof value !== 'object' || value === null) return false;
  const { message, stack } = value as { message?: unknown; stack?: unknown };
  return typeof message === 'string' && typeof stack === 'string';
}

function destinationFor(format: LogSettings['format']): DestinationStream {
  if (format === 'pretty') {
    // Only asked for when the launcher's own stdout is a terminal, so colour is wanted even
    // though this process writes into a pipe. One line per entry suits the launcher's prefix;
    // a request's line reads "request completed GET /api/v1/mutuals 200 12 ms".
    return pretty({
      colorize: true,
      singleLine: true,
      sync: true,
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname,name',
      messageFormat: '{msg}{if durationMs} {method} {url} {statusCode} {durationMs} ms{end}',
    });
  }
  // Synchronous writes: the line that explains a crash is written before the process ends.
  return pino.destination({ dest: 1, sync: true });
}
