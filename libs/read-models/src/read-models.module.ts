import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import { MIGRATIONS, READ_MODEL_ENTITIES } from './data-source.js';

/** The read-model database as a TypeORM connection; schema changes come from migrations only. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        type: 'postgres' as const,
        url: config.databaseUrl,
        entities: READ_MODEL_ENTITIES,
        migrations: MIGRATIONS,
        migrationsTableName: 'schema_migrations',
        synchronize: false,
        migrationsRun: false,
        // Fail start-up quickly with the real reason instead of retrying for minutes.
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
    TypeOrmModule.forFeature(READ_MODEL_ENTITIES),
  ],
  exports: [TypeOrmModule],
})
export class ReadModelsModule {}
