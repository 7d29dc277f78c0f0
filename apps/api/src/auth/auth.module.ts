import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { WriteModelModule } from '@casebook/write-model';
import { AuthGuard } from './auth.guard.js';
import { AuthenticationService } from './authentication.service.js';
import { BearerSignIn } from './bearer-sign-in.js';
import { FailedSignIns } from './failed-sign-ins.js';

/** Bearer-token authentication and role checks for every route not marked @Public(). */
@Module({
  imports: [WriteModelModule],
  providers: [AuthenticationService, FailedSignIns, BearerSignIn, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthenticationService, BearerSignIn],
})
export class AuthModule {}
