// Configuration is read from the environment once, at start-up, and every missing or wrong
// setting is reported by name before anything connects. A secret may instead be read from a
// file that NAME_FILE names (Docker and Kubernetes secrets), so it never sits in the environment.
import { readFileSync, statSync } from 'node:fs';

export const EVENT_STORE_KINDS = ['postgres', 'eventstoredb'] as const;
export type EventStoreKind = (typeof EVENT_STORE_KINDS)[number];

export interface AppConfig {
  databaseUrl: string;
  redisUrl: string;
  eventStore: EventStoreKind;
  /** EventStoreDB connection string, when `eventStore` is `eventstoredb`. */
  eventStoreConnectionString?: string;
  http: { host: string; port: number };
  /**
   * Port of the projector's and reminders' health listener (`/health/live`, `/health/ready`);
   * 0 picks a free one. Unset, they open no port.
   */
  healthPort?: number;
  smtp: { url: string; from: string };
  /**
   * Redis key prefix of the reminder queue (REMINDER_QUEUE_PREFIX), for the reminders worker and
   * the API's queue board alike; BullMQ's own `bull` unless set.
   */
  reminderQueuePrefix?: string;
  /**
   * Signs and checks the unsubscribe links of reminder emails (UNSUBSCRIBE_SECRET, at least 32
   * characters, shared by the API and the reminders worker) and says where their page is
   * (PUBLIC_URL, the API's address as contacts reach it). Without a secret the API serves no
   * unsubscribe page and the worker does not start.
   */
  unsubscribe?: { secret: string; publicUrl: string };
  /** Above this many unprojected events /health reports the projector as lagging. */
  projectionLagMaxEvents: number;
  /** A checkpoint that has not moved for this long while events wait is reported as stalled. */
  projectionStallSeconds: number;
  /** Bearer token of the first administrator; without it only issued tokens sign in. */
  adminToken?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
}

export type ConfigNeed = 'database' | 'redis' | 'smtp' | 'unsubscribe';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;

/** The settings that hold credentials; each may be given as NAME or as NAME_FILE, never both. */
export const SECRET_SETTINGS = [
  'DATABASE_URL',
  'REDIS_URL',
  'EVENTSTORE_CONNECTION_STRING',
  'ADMIN_TOKEN',
  'SMTP_URL',
  'UNSUBSCRIBE_SECRET',
] as const;
export type SecretSetting = (typeof SECRET_SETTINGS)[number];

/** A secret file holds one value; anything larger is a wrong path, not a secret. */
const SECRET_FILE_MAX_BYTES = 64 * 1024;

/**
 * One secret setting, from NAME or from the file NAME_FILE names (without its trailing line
 * break). `problem` names the setting and never quotes the secret.
 */
export function readSecretSetting(env: NodeJS.ProcessEnv, name: SecretSetting): { value?: string; source: string; problem?: string } {
  const fileVariable = `${name}_FILE`;
  const path = env[fileVariable];
  // An empty variable counts as unset, as for every other setting.
  if (!path) return { value: env[name] === '' ? undefined : env[name], source: name };
  const source = `${name} (from ${fileVariable})`;
  if (env[name]) return { source, problem: `${name} and ${fileVariable} are both set; set only one` };
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return { source, problem: `${fileVariable} names ${path}, which is not a file` };
    if (stat.size > SECRET_FILE_MAX_BYTES) return { source, problem: `${fileVariable} names ${path}, which is larger than 64 KiB` };
    const value = readFileSync(path, 'utf8').replace(/(\r?\n)+$/, '');
    if (!value) return { source, problem: `${fileVariable} names ${path}, which is empty` };
    return { value, source };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { source, problem: `${fileVariable} names ${path}, which cannot be read${code ? ` (${code})` : ''}` };
  }
}

/** For an entry point that needs one secret and no other setting (the migration runner). */
export function requireSecretSetting(env: NodeJS.ProcessEnv, name: SecretSetting): string {
  const { value, problem } = readSecretSetting(env, name);
  if (problem) throw new ConfigError([problem]);
  if (!value) throw new ConfigError([`${name} is not set (nor ${name}_FILE)`]);
  return value;
}

export function loadConfig(env: NodeJS.ProcessEnv, needs: ConfigNeed[]): AppConfig {
  const problems: string[] = [];
  const secret = (name: SecretSetting): { value?: string; source: string } => {
    const read = readSecretSetting(env, name);
    if (read.problem) problems.push(read.problem);
    return read;
  };
  const url = (name: SecretSetting, protocols: string[], required: boolean): string => {
    const { value, source } = secret(name);
    if (!value) {
      if (required && source === name) problems.push(`${name} is not set (expected a ${protocols[0]}// URL)`);
      return '';
    }
    try {
      const parsed = new URL(value);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${source} must be a ${protocols.join(' or ')}// URL, got ${parsed.protocol}//`);
      }
    } catch {
      problems.push(`${source} is not a valid URL`);
    }
    return value;
  };
  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const value = env[name];
    if (value === undefined || value === '') return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min || parsed > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max}, got "${value}"`);
      return fallback;
    }
    return parsed;
  };

  const eventStore = (env.EVENT_STORE === undefined || env.EVENT_STORE === '' ? 'postgres' : env.EVENT_STORE) as EventStoreKind;
  if (!EVENT_STORE_KINDS.includes(eventStore)) {
    problems.push(`EVENT_STORE must be one of ${EVENT_STORE_KINDS.join(', ')}, got "${eventStore}"`);
  }
  const eventStoreConnectionString = url('EVENTSTORE_CONNECTION_STRING', ['esdb:', 'esdb+discover:'], eventStore === 'eventstoredb');
  const { value: adminToken, source: adminTokenSource } = secret('ADMIN_TOKEN');
  if (adminToken !== undefined && !/^[\x21-\x7e]{32,200}$/.test(adminToken)) {
    problems.push(`${adminTokenSource} must be 32 to 200 printable characters without spaces`);
  }
  const { value: unsubscribeSecret, source: unsubscribeSource } = secret('UNSUBSCRIBE_SECRET');
  if (unsubscribeSecret !== undefined && unsubscribeSecret.length < 32)
    problems.push(`${unsubscribeSource} must be at least 32 characters`);
  if (unsubscribeSecret === undefined && needs.includes('unsubscribe')) {
    problems.push('UNSUBSCRIBE_SECRET is not set (at least 32 random characters, the same for the API and the reminders worker)');
  }
  const publicUrl = env.PUBLIC_URL ?? `http://${env.HTTP_HOST ?? '127.0.0.1'}:${env.HTTP_PORT ?? '3000'}`;
  // Only a URL given is judged: a default built from a wrong HTTP_HOST or HTTP_PORT is reported by that setting.
  if (env.PUBLIC_URL !== undefined) {
    try {
      if (!['http:', 'https:'].includes(new URL(publicUrl).protocol)) problems.push('PUBLIC_URL must be an http:// or https:// URL');
    } catch {
      problems.push('PUBLIC_URL is not a valid URL');
    }
  }
  const healthPort = env.HEALTH_PORT === undefined || env.HEALTH_PORT === '' ? undefined : integer('HEALTH_PORT', 0, 0, 65535);
  const reminderQueuePrefix = env.REMINDER_QUEUE_PREFIX === '' ? undefined : env.REMINDER_QUEUE_PREFIX;
  // `:` separates BullMQ's own key parts; braces allow a Redis Cluster hash tag (`{casebook}`).
  if (reminderQueuePrefix !== undefined && !/^[A-Za-z0-9_.{}-]{1,64}$/.test(reminderQueuePrefix)) {
    problems.push('REMINDER_QUEUE_PREFIX must be 1 to 64 letters, digits or _ . - { }');
  }
  const logLevel = (env.LOG_LEVEL ?? 'info') as AppConfig['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);

  const config: AppConfig = {
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:'], needs.includes('database')),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:'], needs.includes('redis')),
    eventStore,
    ...(eventStore === 'eventstoredb' ? { eventStoreConnectionString } : {}),
    http: { host: env.HTTP_HOST ?? '127.0.0.1', port: integer('HTTP_PORT', 3000, 0, 65535) },
    ...(healthPort === undefined ? {} : { healthPort }),
    smtp: {
      url: url('SMTP_URL', ['smtp:', 'smtps:'], needs.includes('smtp')),
      from: env.MAIL_FROM ?? 'Casebook <casebook@localhost>',
    },
    ...(reminderQueuePrefix === undefined ? {} : { reminderQueuePrefix }),
    ...(unsubscribeSecret ? { unsubscribe: { secret: unsubscribeSecret, publicUrl: publicUrl.replace(/\/+$/, '') } } : {}),
    projectionLagMaxEvents: integer('PROJECTION_LAG_MAX_EVENTS', 1000, 0, 10_000_000),
    projectionStallSeconds: integer('PROJECTION_STALL_SECONDS', 60, 1, 86_400),
    ...(adminToken ? { adminToken } : {}),
    logLevel,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/** For an app's main(): the configuration, or a message naming each bad setting and exit code 2. */
export function loadConfigOrExit(app: string, needs: ConfigNeed[]): AppConfig {
  try {
    return loadConfig(process.env, needs);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`casebook ${app}: ${error.message}\n`);
    process.exit(2);
  }
}
