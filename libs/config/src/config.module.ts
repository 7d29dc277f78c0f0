import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, type ConfigNeed, loadConfig } from './app-config.js';

/** The validated configuration, injectable as `AppConfigToken`. */
export const APP_CONFIG = Symbol('AppConfig');

@Module({})
export class ConfigModule {
  /** Reads the environment (or `values`, in tests) and fails fast on any bad setting. */
  static forRoot(needs: ConfigNeed[], values?: AppConfig): DynamicModule {
    const config = values ?? loadConfig(process.env, needs);
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
