import { JwtService } from '@nestjs/jwt';
import { FakeUsersRepository } from '../../test/fakes/fake-users.repository';
import { aUser } from '../../test/support/factories';
import { withEnvironment } from '../../test/support/with-environment';
import { PasswordHasher } from '../auth/password-hashing/password-hasher';
import { PasswordService } from '../auth/password.service';
import { AlreadyTakenError, InvalidCredentialsError, TokenError } from '../common/errors/api-errors';
import { TokenService } from '../auth/token.service';
import { jwtConfig, keyId } from '../config/jwt.config';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

const SECRET = 'unit-test-secret-unit-test-secret-unit';
const TOKENS = { ...withEnvironment({ JWT_SECRET: SECRET }, () => jwtConfig()), expiresInSeconds: 3600 };

describe(UsersService.name, () => {
  let repository: FakeUsersRepository;
  let service: UsersService;
  const jwt = new JwtService();
  const passwords = new PasswordService(new PasswordHasher({ priority: 'normal', concurrency: 1, searchPath: '' }));

  afterAll(() => passwords.onModuleDestroy());

  beforeEach(() => {
    repository = new FakeUsersRepository();
    service = new UsersService(repository as unknown as UsersRepository, passwords, new TokenService(jwt, TOKENS));
  });

  const authOf = async (email: string, password: string) => {
    const { user } = await service.login({ email, password });
    return { id: Number(jwt.decode<{ sub: string }>(user.token).sub), username: user.username, token: user.token };
  };

  describe('register', () => {
    it('should store an argon2id hash, never the password, and lowercase the email', async () => {
      const input = aUser({ email: 'Mixed.Case@Example.COM' });

      const { user } = await service.register(input);

      expect(user).toEqual({
        email: 'mixed.case@example.com',
        username: input.username,
        bio: null,
        image: null,
        token: expect.any(String),
      });
      expect(repository.rows[0].passwordHash).toMatch(/^\$argon2id\$/);
      expect(repository.rows[0].passwordHash).not.toContain(input.password);
    });

    it('should sign a token with sub, username, issuer, audience and key id that verifies with HS256 only', async () => {
      const { user } = await service.register(aUser({ username: 'Jake' }));

      const claims = jwt.verify<{ sub: string; username: string; exp: number; iat: number }>(user.token, {
        secret: SECRET,
        algorithms: ['HS256'],
        issuer: 'conduit-api',
        audience: 'conduit',
      });
      const header = jwt.decode<{ header: { kid: string } }>(user.token, { complete: true });

      expect(claims).toEqual(expect.objectContaining({ sub: '1', username: 'Jake' }));
      expect(header.header.kid).toBe(keyId(SECRET));
      expect(claims.exp - claims.iat).toBe(3600);
    });

    it('should reject a taken email and username as already taken (409), naming each', async () => {
      const first = aUser();
      await service.register(first);

      const attempt = service.register(
        aUser({ email: first.email.toUpperCase(), username: first.username.toLowerCase() }),
      );

      await expect(attempt).rejects.toThrow(AlreadyTakenError);
      await expect(attempt).rejects.toMatchObject({ fields: ['email', 'username'] });
    });

    it('should turn a duplicate caught by the unique index into already taken (409)', async () => {
      const first = aUser();
      await service.register(first);
      jest.spyOn(repository, 'findByUsername').mockResolvedValueOnce(null);

      const attempt = service.register(aUser({ username: first.username }));

      await expect(attempt).rejects.toThrow(AlreadyTakenError);
      await expect(attempt).rejects.toMatchObject({ fields: ['username'] });
    });
  });

  describe('login', () => {
    it('should answer the user for the right password, whatever the email case', async () => {
      const input = aUser();
      await service.register(input);

      const { user } = await service.login({ email: input.email.toUpperCase(), password: input.password });

      expect(user.username).toBe(input.username);
    });

    it('should throw the same 401 for a wrong password and an unknown email', async () => {
      const input = aUser();
      await service.register(input);

      const wrong = service.login({ email: input.email, password: 'wrong password' });
      await expect(wrong).rejects.toThrow(InvalidCredentialsError);
      const unknown = service.login({ email: 'nobody@example.com', password: 'wrong password' });
      await expect(unknown).rejects.toThrow(InvalidCredentialsError);
    });
  });

  describe('update', () => {
    it('should change only the given fields and rehash a new password', async () => {
      const input = aUser();
      await service.register(input);
      const auth = await authOf(input.email, input.password);
      const before = repository.rows[0].passwordHash;

      const { user } = await service.update(auth, { bio: 'hello', password: 'another passphrase' });

      expect(user).toEqual(
        expect.objectContaining({ email: input.email, username: input.username, bio: 'hello', image: null }),
      );
      expect(repository.rows[0].passwordHash).not.toBe(before);
      await expect(service.login({ email: input.email, password: 'another passphrase' })).resolves.toBeDefined();
    });

    it("should reject another user's email as already taken (409) and change nothing", async () => {
      const other = aUser();
      const input = aUser();
      await service.register(other);
      await service.register(input);
      const auth = await authOf(input.email, input.password);

      const attempt = service.update(auth, { email: other.email, bio: 'x' });

      await expect(attempt).rejects.toThrow(AlreadyTakenError);
      await expect(attempt).rejects.toMatchObject({ fields: ['email'] });

      expect(repository.rows[1]).toEqual(expect.objectContaining({ email: input.email, bio: null }));
    });

    it('should allow keeping your own username in another case', async () => {
      const input = aUser({ username: 'CaseKeeper' });
      await service.register(input);
      const auth = await authOf(input.email, input.password);

      const { user } = await service.update(auth, { username: 'casekeeper' });

      expect(user.username).toBe('casekeeper');
    });

    it('should answer 401 when the token names a user that no longer exists', async () => {
      const attempt = service.update({ id: 42, username: 'ghost', token: 't' }, { bio: 'x' });

      await expect(attempt).rejects.toThrow(TokenError);
      await expect(attempt).rejects.toMatchObject({ problem: 'user-gone' });
    });
  });
});
