import type { DestinationStream, LevelWithSilent } from 'pino';
import type { AppConfig } from '@casebook/config';

export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LogSettings {
  level: LevelWithSilent;
  /** `json` (one JSON object a line) everywhere but a person's terminal, where `npm start` asks for `pretty`. */
  format: LogFormat;
  /** Where the lines go instead of stdout: tests read them from here. */
  destination?: DestinationStream;
}

/** LOG_FORMAT is read here, beside the logger it shapes; LOG_LEVEL comes validated with the configuration. */
export function logSettings(config: Pick<AppConfig, 'logLevel'>, env: NodeJS.ProcessEnv): LogSettings {
  const given = env.LOG_FORMAT ?? '';
  const format = (given === '' ? 'json' : given) as LogFormat;
  if (!LOG_FORMATS.includes(format)) throw new Error(`LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')}, got "${format}"`);
  return { level: config.logLevel, format };
}

/** For an app's main(): the settings, or a message naming the bad one and exit code 2, as for any other setting. */
export function logSettingsOrExit(app: string, config: Pick<AppConfig, 'logLevel'>): LogSettings {
  try {
    return logSettings(config, process.env);
  } catch (error) {
    process.stderr.write(`casebook ${app}: Invalid configuration:\n  - ${(error as Error).message}\n`);
    process.exit(2);
  }
}
