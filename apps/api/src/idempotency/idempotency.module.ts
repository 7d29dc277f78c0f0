import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { ReadModelsModule } from '@casebook/read-models';
import { IdempotencyInterceptor } from './idempotency.interceptor.js';

@Module({
  imports: [ReadModelsModule],
  providers: [{ provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor }],
})
export class IdempotencyModule {}
