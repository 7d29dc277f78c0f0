import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ReadModelsModule } from '@casebook/read-models';
import { WriteRouteInterceptor } from './write-route.interceptor.js';

@Module({
  imports: [ReadModelsModule],
  providers: [{ provide: APP_INTERCEPTOR, useClass: WriteRouteInterceptor }],
})
export class WriteRouteModule {}
