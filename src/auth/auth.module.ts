import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuthGuard } from './auth.guard';
import { passwordHasherProvider } from './password-hashing/password-hasher.provider';
import { PasswordService } from './password.service';
import { TokenService } from './token.service';
import { TokenVerifier } from './token-verifier';

@Module({
  imports: [JwtModule.register({})],
  providers: [AuthGuard, TokenVerifier, passwordHasherProvider, PasswordService, TokenService],
  exports: [AuthGuard, PasswordService, TokenService],
})
export class AuthModule {}
