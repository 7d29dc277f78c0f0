import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, ConfigModule } from '@casebook/config';
import { EventStoreModule } from '@casebook/event-store';
import { type LogSettings, loggerModule } from '@casebook/logging';
import { ReadModelsModule } from '@casebook/read-models';
import { ProjectorService } from './projector.service.js';

@Module({})
export class ProjectorModule {
  /** `config` replaces the environment, for tests; so does `logs` (a level and where lines go). */
  static register(config?: AppConfig, logs?: LogSettings): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [ConfigModule.forRoot(['database'], config), loggerModule('projector', logs), EventStoreModule, ReadModelsModule],
      providers: [ProjectorService],
      exports: [ProjectorService],
    };
  }
}
