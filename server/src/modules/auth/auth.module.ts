import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { createSecretKey } from 'node:crypto';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ChangeListenerModule } from '../../database/change-listener.module';
import { UsersModule } from '../users/users.module';
import { AccessGuard } from './access.guard';
import { ApiToken } from './api-token.entity';
import { AuthController } from './auth.controller';
import { AuthProcessor } from './auth.processor';
import { AuthRepository } from './auth.repository';
import { AuthService } from './auth.service';
import { LoginFailure } from './login-failure.entity';
import { PasswordHashing } from './password-hashing';
import { TokensController } from './tokens.controller';
import { TokensService } from './tokens.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([ApiToken, LoginFailure]),
    UsersModule,
    ChangeListenerModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      // A KeyObject, not a string: given a string, jsonwebtoken first tries (and fails) to parse it as a
      // public key on every verify, which costs about a millisecond per request.
      useFactory: (config: AppConfig) => ({
        secret: createSecretKey(Buffer.from(config.jwtSecret, 'utf8')),
        signOptions: { algorithm: 'HS256' },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
  ],
  controllers: [AuthController, TokensController],
  providers: [AuthProcessor, AuthRepository, AuthService, PasswordHashing, TokensService, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [AuthService],
})
export class AuthModule {}
