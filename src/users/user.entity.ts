import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const USERNAME_MAX_LENGTH = 32;
export const EMAIL_MAX_LENGTH = 254;
export const IMAGE_URL_MAX_LENGTH = 2048;
export const BIO_MAX_LENGTH = 2000;

@Entity('users')
export class UserEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  /** Stored lowercased, so the unique index is case-insensitive on every dialect. */
  @Index('UQ_users_email', { unique: true })
  @Column({ type: 'varchar', length: EMAIL_MAX_LENGTH })
  email!: string;

  /** As given at registration. */
  @Column({ type: 'varchar', length: USERNAME_MAX_LENGTH })
  username!: string;

  /** `username` lowercased: case-insensitive uniqueness and lookups that behave the same on MySQL and SQLite. */
  @Index('UQ_users_username_key', { unique: true })
  @Column({ name: 'username_key', type: 'varchar', length: USERNAME_MAX_LENGTH })
  usernameKey!: string;

  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash!: string;

  @Column({ type: 'text', nullable: true })
  bio!: string | null;

  @Column({ type: 'varchar', length: IMAGE_URL_MAX_LENGTH, nullable: true })
  image!: string | null;

  /** Articles this user wrote: the author filter's total and the feed's total, without a count. */
  @Column({ name: 'articles_count', type: 'int', default: 0 })
  articlesCount!: number;

  /** Articles this user favorited: the `favorited` filter's total, without a count. */
  @Column({ name: 'favorites_count', type: 'int', default: 0 })
  favoritesCount!: number;

  /**
   * When this user wrote their newest article (null: none), moved with `articles_count`: the feed
   * finds the followed authors who wrote the newest articles from it without reading their articles.
   */
  @Column({ name: 'last_article_at', type: 'datetime', precision: 3, nullable: true })
  lastArticleAt!: Date | null;

  @Column({ name: 'created_at', type: 'datetime', precision: 3 })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'datetime', precision: 3 })
  updatedAt!: Date;
}
