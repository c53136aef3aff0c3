import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { AuthGuard } from './auth.guard';
import { JwtStrategy } from './jwt.strategy';
import { PasswordService } from './password.service';
import { TokenService } from './token.service';

@Module({
  imports: [PassportModule, JwtModule.register({})],
  providers: [AuthGuard, JwtStrategy, PasswordService, TokenService],
  exports: [AuthGuard, PasswordService, TokenService],
})
export class AuthModule {}
