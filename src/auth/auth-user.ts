/** What the guard puts on the request after verifying a token: taken from its claims, never from the database. */
export interface AuthUser {
  id: number;
  username: string;
  /** The raw token the client sent, so GET /api/user can hand it back. */
  token: string;
}

export interface JwtClaims {
  sub: string;
  username: string;
  iat: number;
  exp: number;
}
