import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuthGuard } from './auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { passwordHasherProvider } from './password-hashing/password-hasher.provider';
import { PasswordService } from './password.service';
import { TokenService } from './token.service';

@Module({
  imports: [PassportModule, JwtModule.register({})],
  providers: [AuthGuard, JwtStrategy, passwordHasherProvider, PasswordService, TokenService],
  exports: [AuthGuard, PasswordService, TokenService],
})
export class AuthModule {}
