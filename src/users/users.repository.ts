import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { classifyError } from '../database/dialect/classify-error';
import { Dialect } from '../database/dialect/dialect';
import { UserEntity } from './user.entity';

export type UniqueUserField = 'email' | 'username';

/** A unique index rejected the write: another user took the email or username between check and write. */
export class DuplicateUserError extends Error {
  constructor(readonly field: UniqueUserField) {
    super(`${field} has already been taken`);
  }
}

export interface NewUserRow {
  email: string;
  username: string;
  passwordHash: string;
}

export type UserChanges = Partial<Pick<UserEntity, 'email' | 'username' | 'passwordHash' | 'bio' | 'image'>>;

@Injectable()
export class UsersRepository {
  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly dialect: Dialect,
  ) {}

  findById(id: number): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email: email.toLowerCase() });
  }

  findByUsername(username: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ usernameKey: username.toLowerCase() });
  }

  async create(row: NewUserRow): Promise<UserEntity> {
    const now = new Date();
    const user = this.users.create({
      ...row,
      email: row.email.toLowerCase(),
      usernameKey: row.username.toLowerCase(),
      bio: null,
      image: null,
      articlesCount: 0,
      favoritesCount: 0,
      createdAt: now,
      updatedAt: now,
    });
    // One INSERT: save() would wrap it in a transaction and read the row back for its defaults.
    const inserted = await this.translateDuplicates(() =>
      this.users.createQueryBuilder().insert().values(user).updateEntity(false).execute(),
    );
    user.id = this.dialect.insertedId(inserted.raw);
    return user;
  }

  /** One UPDATE of the changed columns (the caller has just read `user`); answers the user as it now is. */
  async update(user: UserEntity, changes: UserChanges): Promise<UserEntity> {
    const row: Partial<UserEntity> = { ...changes, updatedAt: new Date() };
    if (changes.email !== undefined) {
      row.email = changes.email.toLowerCase();
    }
    if (changes.username !== undefined) {
      row.usernameKey = changes.username.toLowerCase();
    }
    await this.translateDuplicates(() => this.users.update({ id: user.id }, row));
    return this.users.merge(this.users.create({ ...user }), row);
  }

  private async translateDuplicates<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (error) {
      const violation = classifyError(error);
      if (violation?.kind !== 'unique') {
        throw error;
      }
      // The driver's message names the index (MySQL) or the columns (SQLite) that refused the row.
      throw new DuplicateUserError(violation.detail.includes('email') ? 'email' : 'username');
    }
  }
}
