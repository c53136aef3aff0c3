import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateConduitDomain1795589456270 implements MigrationInterface {
  name = 'CreateConduitDomain1795589456270';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "articles" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "slug" varchar(120) NOT NULL, "title" varchar(200) NOT NULL, "description" varchar(500) NOT NULL, "body" text NOT NULL, "author_id" integer NOT NULL, "favorites_count" integer NOT NULL DEFAULT (0), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_articles_slug" ON "articles" ("slug") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_articles_author_created" ON "articles" ("author_id", "created_at", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_articles_created" ON "articles" ("created_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "counters" ("name" varchar(40) PRIMARY KEY NOT NULL, "value" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `CREATE TABLE "favorites" ("user_id" integer NOT NULL, "article_id" integer NOT NULL, "article_created_at" datetime(3) NOT NULL, "created_at" datetime(3) NOT NULL, PRIMARY KEY ("user_id", "article_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_favorites_article" ON "favorites" ("article_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_favorites_user_article_created" ON "favorites" ("user_id", "article_created_at", "article_id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "comments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "article_id" integer NOT NULL, "author_id" integer NOT NULL, "body" text NOT NULL, "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_comments_author" ON "comments" ("author_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_comments_article_created" ON "comments" ("article_id", "created_at", "id") `,
    );
    await queryRunner.query(
      `CREATE TABLE "follows" ("follower_id" integer NOT NULL, "followee_id" integer NOT NULL, "created_at" datetime(3) NOT NULL, PRIMARY KEY ("follower_id", "followee_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_follows_followee" ON "follows" ("followee_id") `);
    await queryRunner.query(
      `CREATE TABLE "tags" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "name" varchar(40) NOT NULL, "articles_count" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_tags_name" ON "tags" ("name") `);
    await queryRunner.query(`CREATE INDEX "IDX_tags_popularity" ON "tags" ("articles_count", "name") `);
    await queryRunner.query(
      `CREATE TABLE "article_tags" ("article_id" integer NOT NULL, "tag_id" integer NOT NULL, "article_created_at" datetime(3) NOT NULL, PRIMARY KEY ("article_id", "tag_id"))`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_article_tags_tag_article_created" ON "article_tags" ("tag_id", "article_created_at", "article_id") `,
    );
    await queryRunner.query(`DROP INDEX "UQ_users_username_key"`);
    await queryRunner.query(`DROP INDEX "UQ_users_email"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "email" varchar(254) NOT NULL, "username" varchar(32) NOT NULL, "username_key" varchar(32) NOT NULL, "password_hash" varchar(255) NOT NULL, "bio" text, "image" varchar(2048), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL, "articles_count" integer NOT NULL DEFAULT (0), "favorites_count" integer NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_users"("id", "email", "username", "username_key", "password_hash", "bio", "image", "created_at", "updated_at") SELECT "id", "email", "username", "username_key", "password_hash", "bio", "image", "created_at", "updated_at" FROM "users"`,
    );
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_username_key" ON "users" ("username_key") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users" ("email") `);
    await queryRunner.query(`DROP INDEX "UQ_articles_slug"`);
    await queryRunner.query(`DROP INDEX "IDX_articles_author_created"`);
    await queryRunner.query(`DROP INDEX "IDX_articles_created"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_articles" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "slug" varchar(120) NOT NULL, "title" varchar(200) NOT NULL, "description" varchar(500) NOT NULL, "body" text NOT NULL, "author_id" integer NOT NULL, "favorites_count" integer NOT NULL DEFAULT (0), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL, CONSTRAINT "FK_articles_author" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_articles"("id", "slug", "title", "description", "body", "author_id", "favorites_count", "created_at", "updated_at") SELECT "id", "slug", "title", "description", "body", "author_id", "favorites_count", "created_at", "updated_at" FROM "articles"`,
    );
    await queryRunner.query(`DROP TABLE "articles"`);
    await queryRunner.query(`ALTER TABLE "temporary_articles" RENAME TO "articles"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_articles_slug" ON "articles" ("slug") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_articles_author_created" ON "articles" ("author_id", "created_at", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_articles_created" ON "articles" ("created_at", "id") `);
    await queryRunner.query(`DROP INDEX "IDX_favorites_article"`);
    await queryRunner.query(`DROP INDEX "IDX_favorites_user_article_created"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_favorites" ("user_id" integer NOT NULL, "article_id" integer NOT NULL, "article_created_at" datetime(3) NOT NULL, "created_at" datetime(3) NOT NULL, CONSTRAINT "FK_favorites_user" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_favorites_article" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("user_id", "article_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_favorites"("user_id", "article_id", "article_created_at", "created_at") SELECT "user_id", "article_id", "article_created_at", "created_at" FROM "favorites"`,
    );
    await queryRunner.query(`DROP TABLE "favorites"`);
    await queryRunner.query(`ALTER TABLE "temporary_favorites" RENAME TO "favorites"`);
    await queryRunner.query(`CREATE INDEX "IDX_favorites_article" ON "favorites" ("article_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_favorites_user_article_created" ON "favorites" ("user_id", "article_created_at", "article_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_comments_author"`);
    await queryRunner.query(`DROP INDEX "IDX_comments_article_created"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_comments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "article_id" integer NOT NULL, "author_id" integer NOT NULL, "body" text NOT NULL, "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL, CONSTRAINT "FK_comments_article" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_comments_author" FOREIGN KEY ("author_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_comments"("id", "article_id", "author_id", "body", "created_at", "updated_at") SELECT "id", "article_id", "author_id", "body", "created_at", "updated_at" FROM "comments"`,
    );
    await queryRunner.query(`DROP TABLE "comments"`);
    await queryRunner.query(`ALTER TABLE "temporary_comments" RENAME TO "comments"`);
    await queryRunner.query(`CREATE INDEX "IDX_comments_author" ON "comments" ("author_id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_comments_article_created" ON "comments" ("article_id", "created_at", "id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_follows_followee"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_follows" ("follower_id" integer NOT NULL, "followee_id" integer NOT NULL, "created_at" datetime(3) NOT NULL, CONSTRAINT "FK_follows_follower" FOREIGN KEY ("follower_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_follows_followee" FOREIGN KEY ("followee_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("follower_id", "followee_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_follows"("follower_id", "followee_id", "created_at") SELECT "follower_id", "followee_id", "created_at" FROM "follows"`,
    );
    await queryRunner.query(`DROP TABLE "follows"`);
    await queryRunner.query(`ALTER TABLE "temporary_follows" RENAME TO "follows"`);
    await queryRunner.query(`CREATE INDEX "IDX_follows_followee" ON "follows" ("followee_id") `);
    await queryRunner.query(`DROP INDEX "IDX_article_tags_tag_article_created"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_article_tags" ("article_id" integer NOT NULL, "tag_id" integer NOT NULL, "article_created_at" datetime(3) NOT NULL, CONSTRAINT "FK_article_tags_article" FOREIGN KEY ("article_id") REFERENCES "articles" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_article_tags_tag" FOREIGN KEY ("tag_id") REFERENCES "tags" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("article_id", "tag_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_article_tags"("article_id", "tag_id", "article_created_at") SELECT "article_id", "tag_id", "article_created_at" FROM "article_tags"`,
    );
    await queryRunner.query(`DROP TABLE "article_tags"`);
    await queryRunner.query(`ALTER TABLE "temporary_article_tags" RENAME TO "article_tags"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_article_tags_tag_article_created" ON "article_tags" ("tag_id", "article_created_at", "article_id") `,
    );
    await queryRunner.query(`INSERT INTO "counters" ("name", "value") VALUES ('articles', 0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_article_tags_tag_article_created"`);
    await queryRunner.query(`ALTER TABLE "article_tags" RENAME TO "temporary_article_tags"`);
    await queryRunner.query(
      `CREATE TABLE "article_tags" ("article_id" integer NOT NULL, "tag_id" integer NOT NULL, "article_created_at" datetime(3) NOT NULL, PRIMARY KEY ("article_id", "tag_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "article_tags"("article_id", "tag_id", "article_created_at") SELECT "article_id", "tag_id", "article_created_at" FROM "temporary_article_tags"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_article_tags"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_article_tags_tag_article_created" ON "article_tags" ("tag_id", "article_created_at", "article_id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_follows_followee"`);
    await queryRunner.query(`ALTER TABLE "follows" RENAME TO "temporary_follows"`);
    await queryRunner.query(
      `CREATE TABLE "follows" ("follower_id" integer NOT NULL, "followee_id" integer NOT NULL, "created_at" datetime(3) NOT NULL, PRIMARY KEY ("follower_id", "followee_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "follows"("follower_id", "followee_id", "created_at") SELECT "follower_id", "followee_id", "created_at" FROM "temporary_follows"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_follows"`);
    await queryRunner.query(`CREATE INDEX "IDX_follows_followee" ON "follows" ("followee_id") `);
    await queryRunner.query(`DROP INDEX "IDX_comments_article_created"`);
    await queryRunner.query(`DROP INDEX "IDX_comments_author"`);
    await queryRunner.query(`ALTER TABLE "comments" RENAME TO "temporary_comments"`);
    await queryRunner.query(
      `CREATE TABLE "comments" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "article_id" integer NOT NULL, "author_id" integer NOT NULL, "body" text NOT NULL, "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "comments"("id", "article_id", "author_id", "body", "created_at", "updated_at") SELECT "id", "article_id", "author_id", "body", "created_at", "updated_at" FROM "temporary_comments"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_comments"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_comments_article_created" ON "comments" ("article_id", "created_at", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_comments_author" ON "comments" ("author_id") `);
    await queryRunner.query(`DROP INDEX "IDX_favorites_user_article_created"`);
    await queryRunner.query(`DROP INDEX "IDX_favorites_article"`);
    await queryRunner.query(`ALTER TABLE "favorites" RENAME TO "temporary_favorites"`);
    await queryRunner.query(
      `CREATE TABLE "favorites" ("user_id" integer NOT NULL, "article_id" integer NOT NULL, "article_created_at" datetime(3) NOT NULL, "created_at" datetime(3) NOT NULL, PRIMARY KEY ("user_id", "article_id"))`,
    );
    await queryRunner.query(
      `INSERT INTO "favorites"("user_id", "article_id", "article_created_at", "created_at") SELECT "user_id", "article_id", "article_created_at", "created_at" FROM "temporary_favorites"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_favorites"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_favorites_user_article_created" ON "favorites" ("user_id", "article_created_at", "article_id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_favorites_article" ON "favorites" ("article_id") `);
    await queryRunner.query(`DROP INDEX "IDX_articles_created"`);
    await queryRunner.query(`DROP INDEX "IDX_articles_author_created"`);
    await queryRunner.query(`DROP INDEX "UQ_articles_slug"`);
    await queryRunner.query(`ALTER TABLE "articles" RENAME TO "temporary_articles"`);
    await queryRunner.query(
      `CREATE TABLE "articles" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "slug" varchar(120) NOT NULL, "title" varchar(200) NOT NULL, "description" varchar(500) NOT NULL, "body" text NOT NULL, "author_id" integer NOT NULL, "favorites_count" integer NOT NULL DEFAULT (0), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "articles"("id", "slug", "title", "description", "body", "author_id", "favorites_count", "created_at", "updated_at") SELECT "id", "slug", "title", "description", "body", "author_id", "favorites_count", "created_at", "updated_at" FROM "temporary_articles"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_articles"`);
    await queryRunner.query(`CREATE INDEX "IDX_articles_created" ON "articles" ("created_at", "id") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_articles_author_created" ON "articles" ("author_id", "created_at", "id") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_articles_slug" ON "articles" ("slug") `);
    await queryRunner.query(`DROP INDEX "UQ_users_email"`);
    await queryRunner.query(`DROP INDEX "UQ_users_username_key"`);
    await queryRunner.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
    await queryRunner.query(
      `CREATE TABLE "users" ("id" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "email" varchar(254) NOT NULL, "username" varchar(32) NOT NULL, "username_key" varchar(32) NOT NULL, "password_hash" varchar(255) NOT NULL, "bio" text, "image" varchar(2048), "created_at" datetime(3) NOT NULL, "updated_at" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "users"("id", "email", "username", "username_key", "password_hash", "bio", "image", "created_at", "updated_at") SELECT "id", "email", "username", "username_key", "password_hash", "bio", "image", "created_at", "updated_at" FROM "temporary_users"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_users"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_email" ON "users" ("email") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_users_username_key" ON "users" ("username_key") `);
    await queryRunner.query(`DROP INDEX "IDX_article_tags_tag_article_created"`);
    await queryRunner.query(`DROP TABLE "article_tags"`);
    await queryRunner.query(`DROP INDEX "IDX_tags_popularity"`);
    await queryRunner.query(`DROP INDEX "UQ_tags_name"`);
    await queryRunner.query(`DROP TABLE "tags"`);
    await queryRunner.query(`DROP INDEX "IDX_follows_followee"`);
    await queryRunner.query(`DROP TABLE "follows"`);
    await queryRunner.query(`DROP INDEX "IDX_comments_article_created"`);
    await queryRunner.query(`DROP INDEX "IDX_comments_author"`);
    await queryRunner.query(`DROP TABLE "comments"`);
    await queryRunner.query(`DROP INDEX "IDX_favorites_user_article_created"`);
    await queryRunner.query(`DROP INDEX "IDX_favorites_article"`);
    await queryRunner.query(`DROP TABLE "favorites"`);
    await queryRunner.query(`DROP TABLE "counters"`);
    await queryRunner.query(`DROP INDEX "IDX_articles_created"`);
    await queryRunner.query(`DROP INDEX "IDX_articles_author_created"`);
    await queryRunner.query(`DROP INDEX "UQ_articles_slug"`);
    await queryRunner.query(`DROP TABLE "articles"`);
  }
}
