import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, ConfigModule } from '@casebook/config';
import { EventStoreModule } from '@casebook/event-store';
import { ReadModelsModule } from '@casebook/read-models';
import { ProjectorService } from './projector.service.js';

@Module({})
export class ProjectorModule {
  /** `config` replaces the environment, for tests. */
  static register(config?: AppConfig): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [ConfigModule.forRoot(['database'], config), EventStoreModule, ReadModelsModule],
      providers: [ProjectorService],
      exports: [ProjectorService],
    };
  }
}
