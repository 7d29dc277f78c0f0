import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { WriteModelModule } from '@casebook/write-model';
import { AuthGuard } from './auth.guard.js';
import { AuthenticationService } from './authentication.service.js';
import { FailedSignIns } from './failed-sign-ins.js';

/** Bearer-token authentication and role checks for every route not marked @Public(). */
@Module({
  imports: [WriteModelModule],
  providers: [AuthenticationService, FailedSignIns, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthenticationService, FailedSignIns],
})
export class AuthModule {}
