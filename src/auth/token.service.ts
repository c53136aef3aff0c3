import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { jwtConfig } from '../config/jwt.config';

export const JWT_ALGORITHM = 'HS256';

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(jwtConfig.KEY) private readonly config: ConfigType<typeof jwtConfig>,
  ) {}

  /**
   * A signed HS256 token: `sub` (the user id), `username`, `iss`, `aud`, `iat` and `exp`, with the
   * signing key's id in the header (`kid`) so that it keeps verifying after the key is rotated.
   */
  sign(user: { id: number; username: string }): Promise<string> {
    return this.jwt.signAsync(
      { username: user.username },
      {
        subject: String(user.id),
        algorithm: JWT_ALGORITHM,
        privateKey: this.config.signingKey,
        keyid: this.config.keyId,
        issuer: this.config.issuer,
        audience: this.config.audience,
        expiresIn: this.config.expiresInSeconds,
      },
    );
  }
}
