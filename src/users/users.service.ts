import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { AlreadyTakenError, InvalidCredentialsError, TokenError } from '../common/errors/api-errors';
import { requireSomeField } from '../common/validation/require-some-field';
import { recordWriter } from '../database/replication/read-context';
import { PasswordService } from '../auth/password.service';
import { TokenService } from '../auth/token.service';
import { LoginUser, NewUser, toUser, UpdateUser, UserResponse } from './user.dto';
import { UserEntity } from './user.entity';
import { DuplicateUserError, UniqueUserField, UserChanges, UsersRepository } from './users.repository';

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly tokens: TokenService,
  ) {}

  async register(input: NewUser): Promise<UserResponse> {
    await this.assertAvailable({ email: input.email, username: input.username });
    const passwordHash = await this.passwords.hash(input.password);
    const user = await this.rejectDuplicates(() =>
      this.users.create({ email: input.email, username: input.username, passwordHash }),
    );
    recordWriter(user.id);
    return this.respond(user);
  }

  async login(input: LoginUser): Promise<UserResponse> {
    const user = await this.users.findByEmail(input.email);
    const valid = user
      ? await this.passwords.verify(user.passwordHash, input.password)
      : await this.passwords.verifyDecoy(input.password);
    if (!user || !valid) {
      throw new InvalidCredentialsError();
    }
    return this.respond(user);
  }

  async getCurrent(auth: AuthUser): Promise<UserResponse> {
    const user = await this.findOrFail(auth.id);
    return { user: toUser(user, auth.token) };
  }

  async update(auth: AuthUser, input: UpdateUser): Promise<UserResponse> {
    requireSomeField('user', input, ['email', 'username', 'password', 'bio', 'image']);
    const user = await this.findOrFail(auth.id);
    await this.assertAvailable({ email: input.email, username: input.username }, user.id);
    const changes: UserChanges = {};
    if (input.email !== undefined) {
      changes.email = input.email;
    }
    if (input.username !== undefined) {
      changes.username = input.username;
    }
    if (input.bio !== undefined) {
      changes.bio = input.bio;
    }
    if (input.image !== undefined) {
      changes.image = input.image;
    }
    if (input.password !== undefined) {
      changes.passwordHash = await this.passwords.hash(input.password);
    }
    const updated = await this.rejectDuplicates(() => this.users.update(user, changes));
    return this.respond(updated);
  }

  /** The token names a user who no longer exists: the client must log in again. */
  private async findOrFail(id: number): Promise<UserEntity> {
    const user = await this.users.findById(id);
    if (!user) {
      throw new TokenError('user-gone');
    }
    return user;
  }

  private async respond(user: UserEntity): Promise<UserResponse> {
    return { user: toUser(user, await this.tokens.sign(user)) };
  }

  /** Friendly check before writing; the unique indexes still decide under concurrency (see rejectDuplicates). */
  private async assertAvailable(wanted: { email?: string; username?: string }, selfId?: number): Promise<void> {
    const [byEmail, byUsername] = await Promise.all([
      wanted.email === undefined ? null : this.users.findByEmail(wanted.email),
      wanted.username === undefined ? null : this.users.findByUsername(wanted.username),
    ]);
    const taken: UniqueUserField[] = [];
    if (byEmail && byEmail.id !== selfId) {
      taken.push('email');
    }
    if (byUsername && byUsername.id !== selfId) {
      taken.push('username');
    }
    if (taken.length > 0) {
      throw new AlreadyTakenError(taken);
    }
  }

  private async rejectDuplicates<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      if (error instanceof DuplicateUserError) {
        throw new AlreadyTakenError([error.field]);
      }
      throw error;
    }
  }
}
