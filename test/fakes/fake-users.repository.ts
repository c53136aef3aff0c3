import { UserEntity } from '../../src/users/user.entity';
import { DuplicateUserError, NewUserRow, UserChanges, UsersRepository } from '../../src/users/users.repository';

/** In-memory UsersRepository with the same uniqueness rules as the database's indexes. */
export class FakeUsersRepository implements Pick<UsersRepository, keyof UsersRepository> {
  readonly rows: UserEntity[] = [];
  private nextId = 1;

  findById(id: number): Promise<UserEntity | null> {
    return Promise.resolve(this.rows.find((row) => row.id === id) ?? null);
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return Promise.resolve(this.rows.find((row) => row.email === email.toLowerCase()) ?? null);
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return Promise.resolve(this.rows.find((row) => row.usernameKey === username.toLowerCase()) ?? null);
  }

  create(row: NewUserRow): Promise<UserEntity> {
    const now = new Date();
    const user = Object.assign(new UserEntity(), {
      ...row,
      id: this.nextId++,
      email: row.email.toLowerCase(),
      usernameKey: row.username.toLowerCase(),
      bio: null,
      image: null,
      createdAt: now,
      updatedAt: now,
    });
    this.assertUnique(user);
    this.rows.push(user);
    return Promise.resolve(user);
  }

  update(user: UserEntity, changes: UserChanges): Promise<UserEntity> {
    const next = Object.assign(new UserEntity(), user, changes, { updatedAt: new Date() });
    next.email = next.email.toLowerCase();
    next.usernameKey = next.username.toLowerCase();
    this.assertUnique(next);
    this.rows.splice(
      this.rows.findIndex((row) => row.id === user.id),
      1,
      next,
    );
    return Promise.resolve(next);
  }

  private assertUnique(user: UserEntity): void {
    const others = this.rows.filter((row) => row.id !== user.id);
    if (others.some((row) => row.email === user.email)) {
      throw new DuplicateUserError('email');
    }
    if (others.some((row) => row.usernameKey === user.usernameKey)) {
      throw new DuplicateUserError('username');
    }
  }
}
